// Worker threads do not inherit the tsx loader of the main thread in every launch mode (tsx's CLI,
// vitest, node --import tsx), so the worker registers it itself before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./chart-svg-worker.ts');
