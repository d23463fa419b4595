// The ETL killed with SIGKILL mid-load leaves the previous database byte-for-byte intact, and the
// next run (which must take over the dead run's lock and temp file) succeeds with the right counts.
// Runs the real CLI (etl/cli.ts) as a child process on a generated multi-town corpus.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { openReadOnly } from '../support/query.ts';
import { generateCorpus, type CorpusSummary } from '../bench/generate.ts';
import { ROOT } from '../support/server-process.ts';

// Big enough that loading takes a few seconds on a 2-core machine, so a kill lands mid-load.
const TOWNS = 150;

let dir: string;
let corpus: CorpusSummary;

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface EtlRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  killedAfterFiles: number | null;
}

/**
 * Runs `node --import tsx etl/cli.ts --db dbPath files…`. With killAfterFiles, sends SIGKILL as soon
 * as that many files were read into the run's temp database and it exists (so it is mid-write).
 */
function runEtl(dbPath: string, files: string[], killAfterFiles?: number): Promise<EtlRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'etl/cli.ts', '--db', dbPath, ...files], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killedAfterFiles: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killAfterFiles === undefined || killedAfterFiles !== null) return;
      // Files are shown ✓ only after the new database is in place; while loading, each file's
      // rows queued for it are shown as "· <file> read (n of N)".
      const loaded = stdout.split('\n').filter((line) => /^· .* read \(\d+ of \d+\)$/.test(line)).length;
      const tempExists = readdirSync(join(dbPath, '..')).some((name) => name.includes('.tmp-'));
      if (loaded >= killAfterFiles && tempExists) {
        killedAfterFiles = loaded;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr, killedAfterFiles }));
  });
}

async function counts(dbPath: string) {
  const db = await openReadOnly(dbPath);
  try {
    const [row] = await db.all(
      `SELECT (SELECT count(*) FROM towns)::INTEGER AS towns,
              (SELECT count(*) FROM items WHERE kind = 'basic')::INTEGER AS basic,
              (SELECT count(*) FROM items WHERE kind = 'cooperative')::INTEGER AS cooperative,
              (SELECT count(*) FROM items WHERE kind = 'reclaimed')::INTEGER AS reclaimed,
              (SELECT count(*) FROM load_issues)::INTEGER AS issues`,
    );
    return row;
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'duty-map-kill-'));
  corpus = generateCorpus({ towns: TOWNS, dir: join(dir, 'corpus') });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ETL killed with SIGKILL', () => {
  it('leaves the previous database byte-identical, and the next run loads everything', async () => {
    const dbPath = await buildSeedDb(join(dir, 'db'));
    const before = sha256(dbPath);

    const killed = await runEtl(dbPath, corpus.files, Math.floor(TOWNS / 3));
    expect(killed.signal, `the run finished before it could be killed:\n${killed.stdout.slice(-500)}`).toBe(
      'SIGKILL',
    );
    expect(killed.killedAfterFiles).toBeGreaterThanOrEqual(Math.floor(TOWNS / 3));
    expect(killed.killedAfterFiles).toBeLessThan(TOWNS);
    expect(sha256(dbPath)).toBe(before);
    // The dead run left its lock and temp file behind: exactly the state the next run must handle.
    expect(existsSync(`${dbPath}.lock`)).toBe(true);
    expect(await counts(dbPath)).toEqual({ towns: 1, basic: 70, cooperative: 47, reclaimed: 64, issues: 0 });

    const next = await runEtl(dbPath, corpus.files);
    expect(next.code, next.stderr).toBe(0);
    expect(await counts(dbPath)).toEqual({
      towns: TOWNS + 1,
      basic: 70 + corpus.items.basic,
      cooperative: 47 + corpus.items.cooperative,
      reclaimed: 64 + corpus.items.reclaimed,
      issues: 0,
    });
    expect(readdirSync(join(dbPath, '..')).filter((name) => name !== 'duties.duckdb')).toEqual([]);
  }, 60_000);

  it('killed at the very end leaves either the old database or the complete new one', async () => {
    const dbPath = await buildSeedDb(join(dir, 'db-late'));
    const before = sha256(dbPath);
    const killed = await runEtl(dbPath, corpus.files, TOWNS);
    const after = await counts(dbPath);
    if (sha256(dbPath) !== before) {
      // The rename landed before the kill: then the new database must be whole.
      expect(after).toEqual({
        towns: TOWNS + 1,
        basic: 70 + corpus.items.basic,
        cooperative: 47 + corpus.items.cooperative,
        reclaimed: 64 + corpus.items.reclaimed,
        issues: 0,
      });
    } else {
      expect(after).toEqual({ towns: 1, basic: 70, cooperative: 47, reclaimed: 64, issues: 0 });
    }
    expect(killed.signal === 'SIGKILL' || killed.code === 0).toBe(true);
    const next = await runEtl(dbPath, corpus.files.slice(0, 5));
    expect(next.code, next.stderr).toBe(0);
  }, 60_000);
});
