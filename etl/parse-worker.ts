// A parse worker: prepares list files on another core while the main thread writes.
// Messages in: { id, file }, then { close: true } once the load has no more files;
// out: { id, result: PreparedFile }, and { closed: true } once its rows files are closed.

import { parentPort, workerData } from 'node:worker_threads';
import { prepareFile } from './prepare-file.ts';
import { closeRowsFiles } from './rows-files.ts';

const data = workerData as {
  aliases: [string, string][];
  loadedAt: string;
  maxFileBytes?: number;
  rowsDir?: string;
};
const options = {
  aliases: new Map(data.aliases),
  loadedAt: data.loadedAt,
  ...(data.maxFileBytes === undefined ? {} : { maxFileBytes: data.maxFileBytes }),
  ...(data.rowsDir === undefined ? {} : { rowsDir: data.rowsDir }),
};

/** Files being prepared: a load that stops early asks to close while some may still append. */
const inFlight = new Set<Promise<void>>();

parentPort?.on('message', (message: { id: number; file: string } | { close: true }) => {
  if ('close' in message) {
    void Promise.all(inFlight).then(() => {
      if (options.rowsDir !== undefined) closeRowsFiles(options.rowsDir);
      parentPort?.postMessage({ closed: true });
    });
    return;
  }
  const { id, file } = message;
  const done = prepareFile(file, options).then((result) => {
    inFlight.delete(done);
    parentPort?.postMessage({ id, result });
  });
  inFlight.add(done);
});
