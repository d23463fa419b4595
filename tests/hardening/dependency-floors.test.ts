// Dependency floors: `npm audit` cannot reach an advisory database from this registry, so the
// versions that fix the known advisories are asserted here, on what package-lock.json installs. And the
// other side: nothing installed may declare that it does not run on the Node the project says it runs on
// (npm ci only warns, EBADENGINE, and the package may break at run time).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  version?: string;
  engines?: Record<string, string> | string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockPackage>;
};

/** Every installed copy of a package (nested copies included), by its lock path. */
function installed(name: string): { path: string; version: string }[] {
  return Object.entries(lock.packages)
    .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    .map(([path, entry]) => ({ path, version: entry.version ?? '0.0.0' }));
}

function compare(a: string, b: string): number {
  const parse = (v: string) =>
    v
      .replace(/[-+].*$/, '')
      .split('.')
      .map(Number);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

describe('package-lock.json', () => {
  it('is a v2/v3 lock whose packages map lists installed versions', () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    expect(installed('hono').length).toBeGreaterThan(0);
  });

  it.each([
    ['hono', '4.13.5'],
    ['@hono/node-server', '1.19.15'],
    // The browser-test packages: pdf.js's font-evaluation advisory (CVE-2024-4367), and the archive and
    // redirect libraries @sparticuz/chromium unpacks with (tar-fs path traversal, follow-redirects leaks).
    ['pdfjs-dist', '4.2.67'],
    ['tar-fs', '3.1.1'],
    ['follow-redirects', '1.15.6'],
  ])('installs %s at %s or later everywhere', (name, floor) => {
    const copies = installed(name);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      expect(
        compare(copy.version, floor),
        `${copy.path}@${copy.version} is below ${floor}`,
      ).toBeGreaterThanOrEqual(0);
    }
  });

  it('installs nothing whose engines exclude the oldest Node the project says it runs on', () => {
    const project = lock.packages['']?.engines;
    const oldest = semver.minVersion(Array.isArray(project) ? '' : (project?.node ?? ''));
    expect(oldest?.version).toBe('20.19.0');
    const excluding = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range === undefined || semver.satisfies(oldest ?? '', range)
        ? []
        : [`${path}@${entry.version ?? '?'} wants node ${range}`];
    });
    expect(excluding).toEqual([]);
  });

  it('has no xlsx (SheetJS) package anywhere, installed or requested', () => {
    expect(installed('xlsx')).toEqual([]);
    const requesters = Object.entries(lock.packages)
      .filter(([, entry]) =>
        [entry.dependencies, entry.devDependencies, entry.optionalDependencies, entry.peerDependencies].some(
          (deps) => deps !== undefined && 'xlsx' in deps,
        ),
      )
      .map(([path]) => path || '(root)');
    expect(requesters).toEqual([]);
  });
});
