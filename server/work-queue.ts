// Bounds the heavy work of one server process: at most `concurrency` requests run their queries at once,
// at most `maxQueued` more wait their turn, and any beyond that are refused at once with 503 and a
// Retry-After, instead of piling up until every request (health and cached answers included) waits
// behind them. Requests that need no query — cached answers, /api/health — never enter the queue. A
// request whose client has gone (its signal aborted) leaves the queue without running: a client that
// gives up, or a load test that stops, does not leave minutes of work behind for the next requests.

/** The queue is full: the request was not started. `retryAfterS` is when a retry may find room. */
export class OverloadedError extends Error {
  constructor(readonly retryAfterS: number) {
    super(`The server is busy with other queries; retry in ${retryAfterS} s`);
    this.name = 'OverloadedError';
  }
}

/** The client went away while the request waited for a slot: it was dropped without running. */
export class AbandonedError extends Error {
  constructor() {
    super('The request was dropped from the queue: its client disconnected');
    this.name = 'AbandonedError';
  }
}

export interface WorkQueueOptions {
  concurrency: number;
  maxQueued: number;
}

export interface WorkQueue {
  /** Runs `task` in a slot; `signal` aborted while it waits drops it (AbandonedError). */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Running and waiting tasks, for tests and the benchmark. */
  stats(): { running: number; queued: number };
}

export function createWorkQueue({ concurrency, maxQueued }: WorkQueueOptions): WorkQueue {
  if (!(concurrency >= 1) || !(maxQueued >= 0)) throw new Error('concurrency ≥ 1 and maxQueued ≥ 0');
  let running = 0;
  const waiting: Array<() => void> = [];
  // A moving average of how long a task takes, to tell a refused client when to come back.
  let averageMs = 100;

  function retryAfter(): number {
    const drainMs = ((waiting.length + running) * averageMs) / concurrency;
    return Math.min(60, Math.max(1, Math.ceil(drainMs / 1000)));
  }

  async function run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new AbandonedError();
    if (running >= concurrency) {
      if (waiting.length >= maxQueued) throw new OverloadedError(retryAfter());
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const at = waiting.indexOf(start);
          if (at >= 0) waiting.splice(at, 1);
          reject(new AbandonedError());
        };
        const start = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(start);
      });
    } else {
      running += 1;
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      averageMs = averageMs * 0.9 + (performance.now() - started) * 0.1;
      // The slot passes straight to the next waiter, so `running` stays counted for it.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  }

  return { run, stats: () => ({ running, queued: waiting.length }) };
}
