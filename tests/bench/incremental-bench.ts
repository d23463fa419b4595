// Bench section for loads that change a few towns of a large database (issue 13, incremental roll-ups;
// issue 11, duties at load). In the database a scale's load has just built: `npm run etl` end to end
// adding one town new to the database and replacing one it holds (its list loaded again), each against
// 5 s, with what the load redid (roll-ups and duties: incremental or full, how long); the copy of the
// file that an atomic load starts with (the server may hold the old file open); the big load's peak RSS
// against 2 GB at national. matchSection: the clustering engine alone (tests/bench/match-bench.ts,
// reworded items) at 10,000 towns (target ≤ 5 min) and at national.
//
// Standalone on an existing database: `npx tsx tests/bench/incremental-bench.ts --db PATH --towns N`
// (N: the towns of the corpus it was generated from; its first town is the one replaced). It loads into
// PATH: give it a copy of a database that must stay as it is.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { copyDatabase } from '../../etl/copy-database.ts';
import { ROOT } from '../support/server-process.ts';
import { formatSteal, stealSince } from './cpu-steal.ts';
import { generateTown, planPlaces, readSeedTemplates } from './generate.ts';
import { formatRows, runScales, type MatchBenchRow } from './match-bench.ts';

export const INCREMENTAL_TARGETS = {
  changeOneTownS: 5,
  nationalPeakRssBytes: 2 * 2 ** 30,
  cluster10kS: 300,
};

export interface OneTownLoad {
  /** Wall time of `npm run etl -- --db DB FILE`, start to exit. */
  seconds: number;
  /** The loader's own lines about what it redid. */
  rollups: string;
  searchIndex: string;
  duties: string;
  /** `--timings`: the load's phases (copy, write, roll-ups …) and the roll-up refresh per statement. */
  phases: string;
  rollupSteps: string;
  /** The share of the CPU time wanted during the load that the host gave to other guests (tests/bench/cpu-steal.ts). */
  steal: number | null;
}

export interface IncrementalResult {
  towns: number;
  dbBytes: number;
  copyS: number;
  add: OneTownLoad;
  replace: OneTownLoad;
  /** Peak RSS of the load that built the database (when the caller measured it). */
  loadPeakRssBytes: number | null;
}

function etl(dbPath: string, file: string): OneTownLoad {
  const started = performance.now();
  const stolen = stealSince();
  const run = spawnSync('npm', ['run', '--silent', 'etl', '--', '--db', dbPath, '--timings', file], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  const steal = stolen();
  if (run.status !== 0)
    throw new Error(`npm run etl failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
  const line = (prefix: string) =>
    run.stdout
      .split('\n')
      .find((l) => l.startsWith(prefix))
      ?.slice(prefix.length) ?? '–';
  return {
    seconds,
    rollups: line('roll-ups: '),
    searchIndex: line('search index: '),
    duties: line('duties: '),
    phases: line('phases: '),
    rollupSteps: line('roll-up steps: '),
    steal,
  };
}

/** Adds one town and replaces another in dbPath (a database of the first `towns` generated towns). */
export async function measureIncremental(options: {
  dbPath: string;
  towns: number;
  loadPeakRssBytes?: number;
}): Promise<IncrementalResult> {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-bench-incremental-'));
  try {
    const templates = readSeedTemplates();
    const first = planPlaces(options.towns)[0]!;
    // A town the database does not hold: the first town's county gains one more. Named anew by each
    // run: the bench loads into its database, and a town an earlier run added would be replaced.
    const town = `新设测试${Date.now().toString(36)}镇`;
    const added = generateTown(templates, {
      ...first,
      index: options.towns,
      town,
      fullName: first.fullName.slice(0, -first.town.length) + town,
    });
    const addFile = join(dir, 'added-town.txt');
    writeFileSync(addFile, added.text);
    // The first town of the corpus, written again: the same town and edition, replaced.
    const replaceFile = join(dir, 'replaced-town.txt');
    writeFileSync(replaceFile, generateTown(templates, first).text);

    const dbBytes = statSync(options.dbPath).size;
    const started = performance.now();
    await copyDatabase(options.dbPath, join(dir, 'copy.duckdb'));
    const copyS = (performance.now() - started) / 1000;
    rmSync(join(dir, 'copy.duckdb'));
    const add = etl(options.dbPath, addFile);
    const replace = etl(options.dbPath, replaceFile);
    const result = {
      towns: options.towns,
      dbBytes,
      copyS,
      add,
      replace,
      loadPeakRssBytes: options.loadPeakRssBytes ?? null,
    };
    printIncremental(result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ratio = (value: number, target: number) => ({
  target,
  ratio: +(value / target).toFixed(2),
  met: value <= target ? 'met' : 'MISSED',
});

export function printIncremental(result: IncrementalResult): void {
  console.log(
    `\n=== one town into ${result.towns.toLocaleString('en-US')} towns (database ${(result.dbBytes / 1e6).toFixed(0)} MB; ` +
      `copying it, the first step of an atomic load, took ${result.copyS.toFixed(2)} s)`,
  );
  const rows: Record<string, unknown>[] = [
    {
      metric: 'add one town, s',
      value: +result.add.seconds.toFixed(2),
      ...ratio(result.add.seconds, INCREMENTAL_TARGETS.changeOneTownS),
    },
    {
      metric: 'replace one town, s',
      value: +result.replace.seconds.toFixed(2),
      ...ratio(result.replace.seconds, INCREMENTAL_TARGETS.changeOneTownS),
    },
  ];
  if (result.loadPeakRssBytes !== null) {
    const gib = result.loadPeakRssBytes / 2 ** 30;
    rows.push({
      metric: `load of ${result.towns.toLocaleString('en-US')} towns, peak RSS GiB`,
      value: +gib.toFixed(2),
      ...ratio(gib, INCREMENTAL_TARGETS.nationalPeakRssBytes / 2 ** 30),
    });
  }
  console.table(rows);
  for (const [name, load] of [
    ['add', result.add],
    ['replace', result.replace],
  ] as const) {
    console.log(
      `  ${name} (host: ${formatSteal(load.steal)}): roll-ups ${load.rollups}; search index ${load.searchIndex}; duties ${load.duties}`,
    );
    console.log(`    phases: ${load.phases}`);
    console.log(`    roll-up steps: ${load.rollupSteps}`);
  }
}

/** The clustering engine alone at 10,000 towns (target ≤ 5 min) and, with --national, at 38,600. */
export function matchSection(scales: readonly number[]): MatchBenchRow[] {
  const rows = runScales(scales, 0.2, 1);
  console.log('\n=== clustering every item into duties (tests/bench/match-bench.ts, 20 % of items reworded)');
  console.log(formatRows(rows));
  console.table(
    rows
      .filter((row) => row.towns === 10_000)
      .map((row) => ({
        metric: 'cluster 10,000 towns, s',
        value: +row.clusterSeconds.toFixed(1),
        ...ratio(row.clusterSeconds, INCREMENTAL_TARGETS.cluster10kS),
      })),
  );
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, towns: { type: 'string' }, 'peak-rss-gib': { type: 'string' } },
  });
  const towns = Number(values.towns);
  if (values.db === undefined || !Number.isInteger(towns) || towns < 2)
    throw new Error('usage: incremental-bench.ts --db PATH --towns N [--peak-rss-gib G]');
  const peak = values['peak-rss-gib'] === undefined ? undefined : Number(values['peak-rss-gib']) * 2 ** 30;
  await measureIncremental({
    dbPath: resolve(values.db),
    towns,
    ...(peak === undefined ? {} : { loadPeakRssBytes: peak }),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
