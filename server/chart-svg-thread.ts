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

/** The V8 heap limits of a chart thread, in MB. */
export interface ChartThreadHeap {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}
/**
 * Left to itself, a thread's V8 sizes its heap from the machine's memory (GBs here) and lets garbage pile
 * up between collections: 10 connections of distinct charts at national raised the serving process's peak
 * by 230 MiB (its VmHWM 138 → 369–374 MiB), and with the contention bench's other loads it reached
 * 439–449 MiB against the 400 target. With these limits: 138 → 284 MiB, 15.6 charts/s against 13.1–18.4
 * without (load 3.4–4.5); the contention bench's peak 362–371 MiB. Every dashboard chart at national draws
 * in 24 MB (checked; 12 fails while ECharts loads), so 64 leaves 2.7×.
 */
export const CHART_THREAD_HEAP: ChartThreadHeap = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

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

function start(heap: ChartThreadHeap) {
  const worker = new Worker(WORKER.url, {
    argv: WORKER.argv,
    workerData: { nice: backgroundThreadNice() },
    execArgv: [],
    resourceLimits: heap,
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
  worker.on('error', (error: Error & { code?: string }) =>
    fail(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new ApiError(
            503,
            'query_memory',
            `drawing the chart needed more than the chart thread's ${heap.maxOldGenerationSizeMb} MB of memory`,
          )
        : new Error(`the chart drawing thread failed: ${error.message}`),
    ),
  );
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

/**
 * The SVG document of a chart, drawn on the process's chart thread; 503 past `timeoutMs`, or when the
 * thread runs out of memory. `heap`: the limits of the thread, if one is started for this chart.
 */
export function drawChartSvg<N extends ChartName>(
  request: ChartSvgRequest<N>,
  {
    timeoutMs = DRAW_TIMEOUT_MS,
    heap = CHART_THREAD_HEAP,
  }: { timeoutMs?: number; heap?: ChartThreadHeap } = {},
): Promise<string> {
  thread ??= start(heap);
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
