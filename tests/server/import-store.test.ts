// Imports kept on disk: old ones removed (not one still loading), a load whose process died reported
// failed, ids validated before they become paths.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createImportDir,
  currentImport,
  importDir,
  newImport,
  newImportId,
  removeOldImports,
  updateImport,
  writeImport,
} from '../../server/imports/import-store.ts';

const DAY = 24 * 3_600_000;

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('import store', () => {
  it('refuses anything but an import id as a folder name', () => {
    expect(() => importDir('/data/imports', '../../etc')).toThrow('not an import id');
    expect(() => importDir('/data/imports', 'A'.repeat(32))).toThrow('not an import id');
    expect(importDir('/data/imports', 'a'.repeat(32))).toBe(`/data/imports/${'a'.repeat(32)}`);
    expect(newImportId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newImportId()).not.toBe(newImportId());
  });

  it('removes imports older than the age given, except one still loading', () => {
    const root = mkdtempSync(join(tmpdir(), 'duty-map-import-store-'));
    const make = (state: 'previewed' | 'loading', ageMs: number) => {
      const id = newImportId();
      const dir = createImportDir(root, id);
      writeImport(dir, {
        ...newImport(id, [], []),
        state,
        runnerPid: state === 'loading' ? process.pid : null,
      });
      const when = new Date(Date.now() - ageMs);
      utimesSync(dir, when, when);
      return dir;
    };
    const old = make('previewed', 2 * DAY);
    const fresh = make('previewed', 60_000);
    const loading = make('loading', 2 * DAY);
    removeOldImports(root, DAY);
    expect([existsSync(old), existsSync(fresh), existsSync(loading)]).toEqual([false, true, true]);
  });

  it('reports a load whose process is gone as failed', () => {
    const root = mkdtempSync(join(tmpdir(), 'duty-map-import-store-'));
    const id = newImportId();
    const dir = createImportDir(root, id);
    writeImport(dir, newImport(id, [], []));
    updateImport(dir, { state: 'loading', runnerPid: deadPid() });
    const status = currentImport(dir);
    expect(status?.state).toBe('failed');
    expect(status?.message).toBe('The load stopped before it finished; the database was not changed');
    // A live one stays loading.
    updateImport(dir, { state: 'loading', runnerPid: process.pid });
    expect(currentImport(dir)?.state).toBe('loading');
  });
});
