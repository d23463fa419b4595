// Vitest global setup: every temp file a test run makes (databases, generated corpora, browser
// profiles, server children's files) goes under one folder, removed when the run ends, so runs do
// not leave hundreds of databases in /tmp. Workers and child processes inherit TMPDIR.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'duty-map-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
