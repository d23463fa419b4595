// Draws chart SVGs (GET /api/charts/:name.svg, the Word report's figures) on one worker thread per
// serving process instead of the event loop: ECharts' layout and SVG rendering took 150–250 ms per chart
// at national, during which /api/health and cached answers waited. The rows cross to the thread (an
// ECharts option holds functions, which cannot), and it builds the option itself (chart-content.ts).
// Started at the first chart and kept: ECharts loads once (~70 MB), on the thread rather than the event
// loop's heap. It runs at the nice value of the process's other background threads (DuckDB's).
import { Worker } from 'node:worker_threads';
import type { ChartName } from '../shared/charts/chart-names.ts';
import type { ExportCaption } from '../shared/export/export-caption.ts';
import type { Lang } from '../shared/i18n.ts';
import { workerScript } from '../shared/worker-script.ts';
import type { ChartData } from './charts/chart-content.ts';
import { ApiError } from './errors.ts';
import { backgroundThreadNice } from './thread-priority.ts';

/**
 * How long one chart may take, waiting included. The rows are capped as the dashboard caps its charts, so a
 * chart takes well under a second; past this the thread is stopped (with every chart it holds) and the
 * next starts another, rather than charts queueing behind one that never ends.
 */
export const DRAW_TIMEOUT_MS = 30_000;

export interface ChartSvgRequest<N extends ChartName = ChartName> {
  name: N;
  data: ChartData[N];
  lang: Lang;
  caption: ExportCaption;
  /** Also named in the document's <title>. */
  altTitle?: string;
  width: number;
  /** Height of the whole image; without it, the chart gets chartHeight below the caption. */
  height?: number;
  chartHeight: number;
}

export interface ChartSvgMessage {
  id: number;
  request: ChartSvgRequest;
}

export type ChartSvgReply = { id: number; svg: string } | { id: number; error: string };

// Compiled (dist/server/, `npm start`) the bundle's own chart-svg-worker.js (an entry point of
// build:server), else chart-svg-worker.ts through tsx.
const WORKER = workerScript('chart-svg-worker', import.meta.url);

interface Waiting {
  resolve: (svg: string) => void;
  reject: (error: Error) => void;
}

let thread: { worker: Worker; waiting: Map<number, Waiting> } | undefined;
let nextId = 0;

function start() {
  const worker = new Worker(WORKER.url, {
    argv: WORKER.argv,
    workerData: { nice: backgroundThreadNice() },
    execArgv: [],
  });
  const waiting = new Map<number, Waiting>();
  const current = { worker, waiting };
  // Idle, it does not keep the process alive.
  worker.unref();
  worker.on('message', (reply: ChartSvgReply) => {
    const request = waiting.get(reply.id);
    if (!request) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if ('svg' in reply) request.resolve(reply.svg);
    else request.reject(new Error(`drawing the chart failed: ${reply.error}`));
  });
  // A thread that failed or stopped answers no more: its requests fail, the next one starts a new thread.
  const fail = (error: Error) => {
    if (thread === current) thread = undefined;
    for (const request of waiting.values()) request.reject(error);
    waiting.clear();
  };
  worker.on('error', (error) => fail(new Error(`the chart drawing thread failed: ${error.message}`)));
  worker.on('exit', (code) => fail(new Error(`the chart drawing thread stopped (exit ${code})`)));
  return current;
}

/**
 * Stops the chart thread if it draws nothing now, giving its memory (ECharts and its heap, ~70–90 MB) back;
 * the next chart starts another. The Word report calls it before packing, its other big user of memory:
 * with both, the report's peak went past the process's 400 MB.
 */
export function releaseChartThread(): void {
  if (!thread || thread.waiting.size > 0) return;
  const { worker } = thread;
  thread = undefined;
  void worker.terminate();
}

/** The SVG document of a chart, drawn on the process's chart thread; 503 past `timeoutMs`. */
export function drawChartSvg<N extends ChartName>(
  request: ChartSvgRequest<N>,
  timeoutMs = DRAW_TIMEOUT_MS,
): Promise<string> {
  thread ??= start();
  const current = thread;
  const { worker, waiting } = current;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (!waiting.has(id)) return;
      waiting.delete(id);
      reject(
        new ApiError(503, 'query_timeout', `drawing the chart took longer than ${timeoutMs} ms; try again`),
      );
      // Whatever it is stuck on, its other charts fail now and the next chart starts a new thread.
      if (thread === current) thread = undefined;
      void worker.terminate();
    }, timeoutMs);
    const settle =
      <T>(done: (value: T) => void) =>
      (value: T) => {
        clearTimeout(timer);
        done(value);
      };
    waiting.set(id, { resolve: settle(resolve), reject: settle(reject) });
    // Busy, it keeps the process alive until the chart is drawn.
    worker.ref();
    worker.postMessage({ id, request } satisfies ChartSvgMessage);
  });
}
