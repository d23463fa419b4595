// The layout rules, checked on the source: only the chart wrapper imports ECharts at runtime, features
// never import each other, and shared client code (components, lib) never imports features or the app.
// Across the tree: shared/ (pure code both sides use) imports neither server/, client/ nor etl/; the
// server never imports the client; the client imports the server only for `hc`'s types (server/app.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLIENT = resolve(ROOT, 'client');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Value imports (not `import type`) of a file, as written. */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^import\s+(type\s+)?(?:[^'"]*?from\s+)?'([^']+)';/gms)]
    .filter((m) => !m[1])
    .map((m) => m[2] ?? '');
}

/** Every import of a file (types too, and dynamic imports), resolved against the repository root. */
function importedPaths(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specs = [
    ...source.matchAll(/^(?:import|export)\s+(?:type\s+)?(?:[^'"]*?from\s+)?'([^']+)';/gms),
    ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1] ?? '');
  return specs
    .filter((spec) => spec.startsWith('.'))
    .map((spec) =>
      relative(ROOT, resolve(file, '..', spec))
        .split(sep)
        .join('/'),
    );
}

const inTree = (dir: string) =>
  sourceFiles(resolve(ROOT, dir)).map((path) => ({ path, rel: relative(ROOT, path).split(sep).join('/') }));

const files = sourceFiles(CLIENT).map((path) => ({ path, rel: relative(CLIENT, path).split(sep).join('/') }));

describe('client architecture', () => {
  it('imports ECharts at runtime only in components/echarts-chart.tsx', () => {
    const importers = files.filter((f) =>
      valueImports(f.path).some((s) => s === 'echarts' || s.startsWith('echarts')),
    );
    expect(importers.map((f) => f.rel)).toEqual(['components/echarts-chart.tsx']);
  });

  it('keeps features independent of each other', () => {
    for (const f of files.filter((x) => x.rel.startsWith('features/'))) {
      const own = f.rel.split('/')[1];
      for (const spec of valueImports(f.path).filter((s) => s.startsWith('.'))) {
        const target = relative(CLIENT, resolve(f.path, '..', spec))
          .split(sep)
          .join('/');
        if (target.startsWith('features/')) expect(target.split('/')[1], `${f.rel} → ${spec}`).toBe(own);
      }
    }
  });

  it('lets shared code (components, lib) depend on neither features nor the app', () => {
    for (const f of files.filter((x) => x.rel.startsWith('components/') || x.rel.startsWith('lib/'))) {
      for (const spec of valueImports(f.path).filter((s) => s.startsWith('.'))) {
        const target = relative(CLIENT, resolve(f.path, '..', spec))
          .split(sep)
          .join('/');
        expect(target.startsWith('features/') || target.startsWith('app/'), `${f.rel} → ${spec}`).toBe(false);
      }
    }
  });

  it('imports the server only as types', () => {
    for (const f of files) {
      for (const spec of valueImports(f.path)) expect(spec, f.rel).not.toMatch(/\/server\//);
    }
  });
});

describe('project architecture', () => {
  it('keeps shared/ free of server, client and ETL code', () => {
    const shared = inTree('shared');
    expect(shared.length).toBeGreaterThan(10);
    for (const f of shared) {
      for (const target of importedPaths(f.path)) {
        expect(target, `${f.rel} → ${target}`).not.toMatch(/^(server|client|etl)\//);
        expect(target, `${f.rel} → ${target}`).toMatch(/^shared\//);
      }
    }
  });

  it('keeps the server free of client code', () => {
    const server = inTree('server');
    expect(server.length).toBeGreaterThan(10);
    for (const f of server) {
      for (const target of importedPaths(f.path)) expect(target, f.rel).not.toMatch(/^client\//);
    }
  });

  it('lets the client import from the server only the types of server/app.ts', () => {
    const client = inTree('client');
    let typeImports = 0;
    for (const f of client) {
      for (const target of importedPaths(f.path).filter((t) => t.startsWith('server/'))) {
        expect(target, f.rel).toBe('server/app.ts');
        typeImports += 1;
      }
    }
    // The api client's `hc<AppType>`; value imports of it are refused above (valueImports).
    expect(typeImports).toBe(1);
  });
});
