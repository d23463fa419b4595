// A parse worker: prepares list files on another core while the main thread writes.
// Messages in: { id, file }; out: { id, result: PreparedFile }.

import { parentPort, workerData } from 'node:worker_threads';
import { prepareFile } from './prepare-file.ts';

const { aliases, loadedAt } = workerData as { aliases: [string, string][]; loadedAt: string };
const aliasMap = new Map(aliases);

parentPort?.on('message', ({ id, file }: { id: number; file: string }) => {
  parentPort?.postMessage({ id, result: prepareFile(file, aliasMap, loadedAt) });
});
