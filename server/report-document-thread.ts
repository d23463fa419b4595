// Packs the Word report on a worker thread of its own, started for the report and gone after it, so
// that the event loop keeps serving /api/health and cached answers meanwhile (at national, packing on
// it held the loop for 0.6–1.1 s per report). The blocks are copied to the thread, the images moved; the
// file comes back.
import { Worker } from 'node:worker_threads';
import { workerScript } from '../shared/worker-script.ts';
import type { ReportDocument } from './report-document.ts';
import { backgroundThreadNice } from './thread-priority.ts';

/** What the packing thread is given: the document, and the nice value it runs at (as DuckDB's threads). */
export interface PackRequest {
  document: ReportDocument;
  nice: number;
}

// Compiled (dist/server/, `npm start`) the bundle's own report-document-worker.js (an entry point of
// build:server), else report-document-worker.ts through tsx.
const WORKER = workerScript('report-document-worker', import.meta.url);

/** The .docx file of `document`, made on a worker thread; stopped (and rejected) when `signal` aborts. */
export function packOnThread(document: ReportDocument, signal?: AbortSignal): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // The images move to the thread rather than being copied (a report's PNGs are a few MB, and a serving
    // process has 400 MB in all); each PNG owns its buffer (the rasteriser's thread handed it over).
    const images = document.blocks.flatMap((block) =>
      block.type === 'image' && block.png.byteLength === block.png.buffer.byteLength
        ? [block.png.buffer]
        : [],
    );
    const transferList = [...new Set(images)].filter((buffer) => buffer instanceof ArrayBuffer);
    const workerData: PackRequest = { document, nice: backgroundThreadNice() };
    const worker = new Worker(WORKER.url, {
      argv: WORKER.argv,
      workerData,
      transferList,
      execArgv: [],
    });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stop);
      done();
    };
    const stop = () => {
      settle(() => reject(new Error('the report was abandoned while it was being packed')));
      void worker.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (bytes: Uint8Array) => settle(() => resolve(bytes)));
    worker.once('error', (error) =>
      settle(() => reject(new Error(`packing the report failed: ${error.message}`))),
    );
    worker.once('exit', (code) =>
      settle(() =>
        reject(new Error(`the report's packing thread stopped before the file was made (exit ${code})`)),
      ),
    );
  });
}
