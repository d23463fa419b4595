// Where a worker thread's code is. Compiled (dist/server/, dist/etl/<key>/), it is the bundle's own
// `<name>.js`, an entry point of its esbuild build. From the TypeScript sources (tsx, vitest) it is
// ts-worker-entry.mjs, which registers tsx in the worker before importing `<name>.ts` (given as the
// worker's last argument): worker threads do not inherit the tsx loader in every launch mode (tsx's CLI,
// vitest, node --import tsx).

/** The script and argv of the worker `<name>` that sits beside the module whose import.meta.url is `from`. */
export function workerScript(name: string, from: string): { url: URL; argv: string[] } {
  if (!from.endsWith('.ts')) return { url: new URL(`./${name}.js`, from), argv: [] };
  return {
    url: new URL('./ts-worker-entry.mjs', import.meta.url),
    argv: [new URL(`./${name}.ts`, from).href],
  };
}
