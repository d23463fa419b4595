// The client's layout rules, checked on the source: only the chart wrapper imports ECharts at runtime,
// features never import each other, and shared code (components, lib) never imports features or the app.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLIENT = resolve(import.meta.dirname, '..', '..', 'client');

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
