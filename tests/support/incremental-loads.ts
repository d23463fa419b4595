// Two databases holding the same towns at the end: one built by a run of small loads — towns added one
// and three at a time, a town replaced by another list of the same edition, the seed town replaced by
// its newer edition, then its older edition loaded again (which must change nothing) — and one built by
// a single load of the final lists. The small loads take the incremental paths of the roll-ups
// (etl/refresh-rollups.ts) and the duties (etl/build-duties.ts); the tests hold both databases equal.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFiles, type LoadReport } from '../../etl/load.ts';
import { openDb, type Db } from '../../server/db.ts';
import {
  generateCorpus,
  generateTown,
  planPlaces,
  readSeedTemplates,
  type TownPlace,
} from '../bench/generate.ts';
import { secondEdition } from './second-edition.ts';
import { SEED_FILE } from './seed-db.ts';

export interface IncrementalDbs {
  /** Built by the run of small loads. */
  stepped: string;
  /** Built by one load of the final lists. */
  oneShot: string;
  /** The reports of the small loads, in order; steps[0] is the first (full) load. */
  steps: { name: string; report: LoadReport }[];
  sample: TownPlace;
}

/**
 * Departments the roll-ups rank and kept items they number (etl/refresh-rollups.ts RollupCaps): fewer than
 * the towns hold, so that pages are read both by rank and, beyond the ranked ones, sorted.
 */
export const RANKED_DEPARTMENTS = 20;
export const RANKED_KEPT = 30;
const CAPS = { rankedDepartments: RANKED_DEPARTMENTS, rankedKept: RANKED_KEPT };

export async function buildIncrementalDbs(): Promise<IncrementalDbs> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-incremental-'));
  const corpus = generateCorpus({ towns: 400, dir: join(dir, 'raw'), to: 36 });
  const f = corpus.files;
  mkdirSync(join(dir, 'other'));
  // Town 5 again, written differently (another generator seed: other moves and departments).
  const replaced = join(dir, 'other', 'town-00005.txt');
  writeFileSync(replaced, generateTown(readSeedTemplates(), planPlaces(400)[5]!, 7).text);
  const next = join(dir, 'other', 'alongshan-next.txt');
  writeFileSync(next, secondEdition().text);

  const stepped = join(dir, 'stepped.duckdb');
  const plan: [string, string[]][] = [
    ['first load', [...f.slice(0, 30), SEED_FILE]],
    ['add one town', [f[30]!]],
    ['add three towns', f.slice(31, 34)],
    ['replace a town', [replaced]],
    ['newer edition', [next]],
    ['older edition', [SEED_FILE]],
    ['add one more', [f[34]!]],
    ['and another', [f[35]!]],
  ];
  const steps: IncrementalDbs['steps'] = [];
  for (const [name, files] of plan) {
    const report = await loadFiles({
      dbPath: stepped,
      files,
      rollupCaps: CAPS,
    });
    if (!report.ok)
      throw new Error(`${name}: ${report.error ?? report.files.map((x) => x.error).join('; ')}`);
    steps.push({ name, report });
  }
  const oneShot = join(dir, 'one-shot.duckdb');
  const report = await loadFiles({
    dbPath: oneShot,
    files: [...f.slice(0, 5), replaced, ...f.slice(6), next],
    rollupCaps: CAPS,
  });
  if (!report.ok) throw new Error(`one load: ${report.files.map((x) => x.error).join('; ')}`);
  return { stepped, oneShot, steps, sample: corpus.sample };
}

export interface OpenIncrementalDbs extends Omit<IncrementalDbs, 'stepped' | 'oneShot'> {
  stepped: Db;
  oneShot: Db;
  /** The files of the two. */
  paths: Pick<IncrementalDbs, 'stepped' | 'oneShot'>;
  close(): void;
}

/** buildIncrementalDbs, with both databases opened as the server opens them. */
export async function openIncrementalDbs(): Promise<OpenIncrementalDbs> {
  const built = await buildIncrementalDbs();
  const stepped = await openDb({ path: built.stepped, queryTimeoutMs: 10_000 });
  const oneShot = await openDb({ path: built.oneShot, queryTimeoutMs: 10_000 });
  return {
    ...built,
    stepped,
    oneShot,
    paths: { stepped: built.stepped, oneShot: built.oneShot },
    close: () => {
      stepped.close();
      oneShot.close();
    },
  };
}
