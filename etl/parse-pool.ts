// Prepares list files in order, in parallel on worker threads when a run has many files (parsing is
// most of the ETL's time), or on the main thread for a handful of files, where workers cost more
// than they save.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../shared/worker-script.ts';
import { prepareFile, type PreparedFile, type PrepareOptions } from './prepare-file.ts';
import { closeRowsFiles } from './rows-files.ts';

const WORKERS_FROM_FILES = 16;
/** How long a worker may take to close its rows files once its files are done. */
const CLOSE_TIMEOUT_MS = 10_000;

// Compiled (dist/etl/, `npm run etl`) the bundle's own parse-worker.js, else parse-worker.ts through tsx.
const WORKER = workerScript('parse-worker', import.meta.url);

/** Yields each file's PreparedFile in the order of `files`, keeping a bounded number in flight. */
export async function* prepareInOrder(
  files: readonly string[],
  options: PrepareOptions,
): AsyncGenerator<PreparedFile> {
  const size = Math.min(availableParallelism(), 4);
  if (files.length < WORKERS_FROM_FILES || size < 2) {
    try {
      for (const file of files) yield await prepareFile(file, options);
    } finally {
      if (options.rowsDir !== undefined) closeRowsFiles(options.rowsDir);
    }
    return;
  }
  const pool = new WorkerPool(size, options);
  try {
    const window: Promise<PreparedFile>[] = [];
    let next = 0;
    while (next < files.length || window.length > 0) {
      while (next < files.length && window.length < size * 4) window.push(pool.prepare(files[next++] ?? ''));
      const result = await window.shift();
      if (result) yield result;
    }
  } finally {
    await pool.close();
  }
}

/** Files being prepared (startPreparing): iterated as prepareInOrder, or closed without being iterated. */
export interface Preparing extends AsyncIterable<PreparedFile> {
  /** Stops the preparation and closes its rows files and workers (once iterated to the end, a no-op). */
  close(): Promise<void>;
}

/**
 * prepareInOrder, begun at once: the first file is read and parsed (or the workers start) while the
 * caller awaits something else, such as DuckDB opening the new database. Closed by the caller when it
 * stops before the end, iterated or not.
 */
export function startPreparing(files: readonly string[], options: PrepareOptions): Preparing {
  const generator = prepareInOrder(files, options);
  let first: Promise<IteratorResult<PreparedFile>> | null = generator.next();
  // Observed when it is taken; a caller that fails first closes without taking it.
  first.catch(() => {});
  const iterator: AsyncIterator<PreparedFile> = {
    next: () => {
      const next = first ?? generator.next();
      first = null;
      return next;
    },
    return: async () => {
      await first?.catch(() => {});
      first = null;
      return generator.return(undefined);
    },
  };
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      await iterator.return?.();
    },
  };
}

class WorkerPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, (result: PreparedFile) => void>();
  private readonly exited = new Set<Worker>();
  private nextId = 0;

  constructor(size: number, options: PrepareOptions) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(WORKER.url, {
        argv: WORKER.argv,
        workerData: {
          aliases: [...options.aliases],
          loadedAt: options.loadedAt,
          maxFileBytes: options.maxFileBytes,
          rowsDir: options.rowsDir,
        },
        execArgv: [],
      });
      worker.on('message', ({ id, result }: { id: number; result: PreparedFile }) => {
        this.pending.get(id)?.(result);
        this.pending.delete(id);
      });
      worker.on('error', (error) => this.failAll(`parse worker failed: ${error.message}`));
      worker.on('exit', () => this.exited.add(worker));
      return worker;
    });
  }

  prepare(file: string): Promise<PreparedFile> {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length];
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker?.postMessage({ id, file });
    });
  }

  /**
   * Has each worker close its rows files (threads share the process's descriptors), then ends it;
   * a worker that has ended already, or does not answer in time, is not waited for.
   */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        if (!this.exited.has(worker))
          await new Promise<void>((resolve) => {
            const timeout = setTimeout(resolve, CLOSE_TIMEOUT_MS);
            const done = (): void => {
              clearTimeout(timeout);
              resolve();
            };
            worker.once('exit', done);
            worker.on('message', (message: { closed?: boolean }) => {
              if (message.closed === true) done();
            });
            worker.postMessage({ close: true });
          });
        await worker.terminate();
      }),
    );
  }

  private failAll(message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: message, ms: 0 });
    this.pending.clear();
  }
}
