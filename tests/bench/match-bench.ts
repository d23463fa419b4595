// Benchmark of the matching engine's cross-town clustering (shared/match/cluster-duties.ts) at
// scale: synthetic towns from the bench generator (tests/bench/generate.ts), parsed by the real
// parser, every item's name then reworded by its town with probability --reword (default 0.2): one
// of three strengths of tests/support/reword.ts plus a two-character local detail at a random place
// (as towns write their own specifics in), so most towns share most texts but about that share of
// all items are distinct texts — hundreds of thousands at 10,000 towns. Everything stays in memory (nothing is written, least of all into data/). Each scale runs
// in its own child process so its peak RSS is its own.
//
// CLI: `npx tsx tests/bench/match-bench.ts --towns 10000[,38600] [--reword 0.2] [--seed 1] [--json]`
// Prints one table row per scale: towns, items, distinct normalised texts, duties, divergent
// duties, seconds to generate+parse, seconds to cluster, peak RSS.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseListFile } from '../../etl/parse-list.ts';
import { LIST_KINDS, type ListKind } from '../../etl/parse-list.ts';
import { clusterDuties, divergentDuties, type TownItem } from '../../shared/match/cluster-duties.ts';
import { reword, STRENGTHS } from '../support/reword.ts';
import { generateTown, planPlaces, prng, readSeedTemplates } from './generate.ts';

export interface MatchBenchRow {
  towns: number;
  items: number;
  distinctTexts: number;
  duties: number;
  divergent: number;
  generateSeconds: number;
  clusterSeconds: number;
  peakRssMb: number;
}

// Characters for local details (none of them a place-name suffix, so normalise() keeps them).
const DETAIL = [...'河山林草湖田园村屯沟岭坡桥渠井泉滩湾岛港站场馆校院所队组点线片区段带网格户'];

function withLocalDetail(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const word = DETAIL[Math.floor(random() * DETAIL.length)]! + DETAIL[Math.floor(random() * DETAIL.length)]!;
  return text.slice(0, at) + word + text.slice(at);
}

/** The items of `towns` synthetic towns, names reworded by their town with probability `rate`. */
export function syntheticItems(towns: number, rate: number, seed: number): TownItem<ListKind>[] {
  const templates = readSeedTemplates();
  const random = prng(seed ^ 0x3a7c);
  const items: TownItem<ListKind>[] = [];
  for (const place of planPlaces(towns, seed)) {
    const town = generateTown(templates, place, seed);
    const parsed = parseListFile(town.text, `town-${place.index}.txt`);
    const places = [place.town, place.county, place.city];
    for (const list of parsed.lists) {
      for (const item of list.items) {
        const text =
          random() < rate
            ? withLocalDetail(reword(item.name, STRENGTHS[Math.floor(random() * 3)]!, random), random)
            : item.name;
        items.push({
          id: `${place.index}:${list.kind}:${item.seq}`,
          town: place.fullName,
          kind: list.kind,
          text,
          places,
        });
      }
    }
  }
  return items;
}

/** One scale, measured in this process. */
export function runScale(towns: number, rate: number, seed: number): MatchBenchRow {
  let started = performance.now();
  const items = syntheticItems(towns, rate, seed);
  const generateSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const clustering = clusterDuties(items, { kindOrder: LIST_KINDS });
  const divergent = divergentDuties(clustering);
  const clusterSeconds = (performance.now() - started) / 1000;
  return {
    towns,
    items: clustering.items,
    distinctTexts: clustering.distinctTexts,
    duties: clustering.duties.length,
    divergent: divergent.length,
    generateSeconds,
    clusterSeconds,
    // maxRSS is in kilobytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Runs each scale in a child process (own peak RSS, room for a large heap). */
export function runScales(scales: readonly number[], rate: number, seed: number): MatchBenchRow[] {
  return scales.map((towns) => {
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        '--max-old-space-size=16384',
        import.meta.filename,
        '--one',
        String(towns),
        '--reword',
        String(rate),
        '--seed',
        String(seed),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (child.status !== 0) throw new Error(`match bench at ${towns} towns failed (exit ${child.status})`);
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as MatchBenchRow;
  });
}

export function formatRows(rows: readonly MatchBenchRow[]): string {
  const header = [
    'towns',
    'items',
    'distinct texts',
    'duties',
    'divergent',
    'generate s',
    'cluster s',
    'peak RSS MB',
  ];
  const body = rows.map((r) => [
    r.towns.toLocaleString('en-US'),
    r.items.toLocaleString('en-US'),
    r.distinctTexts.toLocaleString('en-US'),
    r.duties.toLocaleString('en-US'),
    r.divergent.toLocaleString('en-US'),
    r.generateSeconds.toFixed(1),
    r.clusterSeconds.toFixed(1),
    r.peakRssMb.toFixed(0),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      towns: { type: 'string', default: '10000' },
      reword: { type: 'string', default: '0.2' },
      seed: { type: 'string', default: '1' },
      one: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const rate = Number(values.reword);
  const seed = Number(values.seed);
  if (!(rate >= 0 && rate <= 1))
    throw new Error(`--reword: expected a share between 0 and 1, got ${values.reword}`);
  if (values.one !== undefined) {
    console.log(JSON.stringify(runScale(Number(values.one), rate, seed)));
    return;
  }
  const scales = values.towns.split(',').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 2) throw new Error(`--towns: expected whole numbers ≥ 2, got ${s}`);
    return n;
  });
  const rows = runScales(scales, rate, seed);
  console.log(values.json ? JSON.stringify(rows) : formatRows(rows));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
