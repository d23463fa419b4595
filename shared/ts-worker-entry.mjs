// A worker thread started from the TypeScript sources (shared/worker-script.ts): registers tsx, then
// imports the worker's module, the last argument.
import { register } from 'tsx/esm/api';

register();
await import(process.argv.at(-1));
