// The Word report's packing thread: turns the document's blocks (workerData) into the .docx file and
// posts its bytes back, then ends. One per report (server/report-document-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { packReportDocument, type ReportDocument } from './report-document.ts';

const buffer = await packReportDocument(workerData as ReportDocument);
const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
// Moved rather than copied when the file owns its whole buffer.
const owned = bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
parentPort?.postMessage(bytes, owned ? [bytes.buffer] : []);
