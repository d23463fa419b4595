// Builds a real DuckDB database from the real seed list with the real ETL, for tests.
// Each call returns a fresh file in its own temp folder, so tests never share or mutate one.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFiles } from '../../etl/load.ts';

export const SEED_FILE = join(import.meta.dirname, '..', '..', 'data', 'raw', 'alongshan-2025.txt');

/** Loads the seed into a new database and returns its path. */
export async function buildSeedDb(dir: string = mkdtempSync(join(tmpdir(), 'duty-map-'))): Promise<string> {
  const dbPath = join(dir, 'duties.duckdb');
  const report = await loadFiles({ dbPath, files: [SEED_FILE] });
  if (!report.ok) throw new Error(`seed failed to load: ${report.files.map((f) => f.error).join('; ')}`);
  return dbPath;
}

/** The seed plus a copy of it renamed to 金河镇 (2 towns, 362 items), for tests of several towns. */
export async function buildTwoTownDb(
  dir: string = mkdtempSync(join(tmpdir(), 'duty-map-two-towns-')),
): Promise<string> {
  const copy = join(dir, 'jinhe-copy.txt');
  writeFileSync(copy, readFileSync(SEED_FILE, 'utf8').replaceAll('阿龙山镇', '金河镇'));
  const dbPath = join(dir, 'duties.duckdb');
  const report = await loadFiles({ dbPath, files: [SEED_FILE, copy] });
  if (!report.ok)
    throw new Error(`two-town database failed to load: ${report.files.map((f) => f.error).join('; ')}`);
  return dbPath;
}
