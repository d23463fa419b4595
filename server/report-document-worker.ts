// The Word report's packing thread: turns the document's blocks (workerData.document) into the .docx file and
// posts its bytes back, then ends. One per report (server/report-document-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { packReportDocument } from './report-document.ts';
import type { PackRequest } from './report-document-thread.ts';
import { lowerThisThread } from './thread-priority.ts';

const { document, nice } = workerData as PackRequest;
lowerThisThread(nice);
const buffer = await packReportDocument(document);
const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
// Moved rather than copied when the file owns its whole buffer.
const owned = bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
parentPort?.postMessage(bytes, owned ? [bytes.buffer] : []);
