// Size budget: the JavaScript a first visit must load (index.html's entry script plus every chunk it
// modulepreloads) stays at or under 300 KB gzip, on a real production build (vite build into a temp
// folder; vite's root is client/, so the folder is given as an absolute path).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureBundle } from '../bench/client-metrics.ts';

const BUDGET_BYTES = 300 * 1024;
const outDir = mkdtempSync(join(tmpdir(), 'duty-map-bundle-'));

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('client bundle', () => {
  it('loads at most 300 KB of JS (gzip) before the first render', async () => {
    const bundle = await measureBundle(outDir);
    expect(bundle.entry).toMatch(/^\/assets\/.+\.js$/);
    const listing = bundle.files.map((f) => `${f.file}: ${(f.gzipBytes / 1024).toFixed(1)} KB`).join('\n');
    expect(bundle.initialJsGzipBytes, `initial JS over budget:\n${listing}`).toBeLessThanOrEqual(
      BUDGET_BYTES,
    );
  }, 120_000);
});
