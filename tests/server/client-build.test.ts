// `npm start` and the browser tests rebuild the dashboard when any of its sources is newer than the
// build: a pull that changes only shared/ (chart option builders, labels) must not leave the old
// dashboard served.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isClientBuildCurrent } from '../../server/bootstrap.ts';

/** A project with one file of each source kind, all dated `sourceTime`, and a build dated `builtTime`. */
function project(sourceTime: number, builtTime: number | null) {
  const root = mkdtempSync(join(tmpdir(), 'duty-map-client-build-'));
  const files = [
    'client/index.html',
    'client/app/app.tsx',
    'shared/format.ts',
    'vite.config.ts',
    'package-lock.json',
  ];
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), 'x');
  }
  for (const path of [...files, 'client/app', 'client', 'shared'])
    utimesSync(join(root, path), sourceTime, sourceTime);
  const clientDir = join(root, 'dist', 'client');
  if (builtTime !== null) {
    mkdirSync(clientDir, { recursive: true });
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html>');
    utimesSync(join(clientDir, 'index.html'), builtTime, builtTime);
  }
  return { root, clientDir };
}

describe('isClientBuildCurrent', () => {
  it('is true for a build newer than every source', () => {
    const { root, clientDir } = project(1_000, 2_000);
    expect(isClientBuildCurrent(clientDir, root)).toBe(true);
  });

  it('is false without a build', () => {
    const { root, clientDir } = project(1_000, null);
    expect(isClientBuildCurrent(clientDir, root)).toBe(false);
  });

  it('is false when a file under client/, shared/ or the build configuration changed after the build', () => {
    for (const changed of ['client/app/app.tsx', 'shared/format.ts', 'vite.config.ts', 'package-lock.json']) {
      const { root, clientDir } = project(1_000, 2_000);
      utimesSync(join(root, changed), 3_000, 3_000);
      expect(isClientBuildCurrent(clientDir, root), changed).toBe(false);
    }
  });

  it('is false when a source file was added or removed (its folder changed)', () => {
    const { root, clientDir } = project(1_000, 2_000);
    utimesSync(join(root, 'shared'), 3_000, 3_000);
    expect(isClientBuildCurrent(clientDir, root)).toBe(false);
  });
});
