// A parse worker: prepares list files on another core while the main thread writes.
// Messages in: { id, file }; out: { id, result: PreparedFile }.

import { parentPort, workerData } from 'node:worker_threads';
import { prepareFile } from './prepare-file.ts';

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

parentPort?.on('message', ({ id, file }: { id: number; file: string }) => {
  void prepareFile(file, options).then((result) => parentPort?.postMessage({ id, result }));
});
