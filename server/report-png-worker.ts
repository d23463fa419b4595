// The Word report's rasteriser thread: turns each chart SVG it is sent into a PNG with resvg and posts the
// bytes back (moved, not copied). One per report (server/report-png.ts starts and stops it).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { PngReply, PngRequest } from './report-png.ts';
import { lowerThisThread } from './thread-priority.ts';

// At the nice value of the process's other background threads, set before resvg loads: the threads it
// starts inherit it. So resvg is required here, not imported (imports would load it first).
lowerThisThread((workerData as { nice: number }).nice);
const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');

parentPort?.on('message', ({ id, svg, options }: PngRequest) => {
  let reply: PngReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const png = new Resvg(svg, options).render().asPng();
    reply = { id, png };
    if (png.buffer instanceof ArrayBuffer) transfer = [png.buffer];
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply, transfer);
});
