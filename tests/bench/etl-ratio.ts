// The ETL's throughput as a ratio to the floor (issue 13), measured in one run: for each scale,
// the wall time of `npm run etl -- --db X DIR` end to end (npm, Node and the compiled ETL starting,
// reading, parsing, writing, roll-ups, clustering, everything until the process exits) against the
// floor, the time Node takes merely to read, decode (UTF-8, as the ETL does) and split the same
// files into lines. Absolute MB/s differ several-fold between machines; the ratio much less.
// Also the ratio of read→parse→write alone (the ETL's open, read+parse, queue rows and write
// phases: what is left when roll-ups, clustering and indexes are set aside), the phases, the peak
// RSS and CPU time the ETL reports (`--timings`) with the phases that raised the peak, and one town
// end to end against 1 s (the median of three runs: one is a second long). On a busy
// machine wall times stretch with the load while CPU times do not: the CPU ratio (the ETL's CPU
// time, every thread, over the floor's) is printed beside the wall ratio, and so is the CPU time of
// the whole `npm run etl` (npm, the check that the compiled ETL is current, and the ETL: what the
// wall time covers, read on Linux from the children's times the kernel adds to this process). The
// ETL is compiled before the first timed run, as it is for a user's every run but the first after
// an edit (etl/run-etl.mjs).
//
// `npm run bench -- --etl-ratio [--scales 1,300,1000,10000] [--etl-corpus DIR]`: corpora are
// generated into DIR/towns-N (kept and reused when DIR is given; else a temp folder, deleted).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/server-process.ts';
import { formatSteal, stealSince } from './cpu-steal.ts';
import { generateCorpus } from './generate.ts';

const TARGET_RATIO = 4;
const TARGET_ONE_TOWN_S = 1;
/** Phases of the read→parse→write path (etl/load.ts); the rest are roll-ups, clustering, indexes … */
const CORE_PHASES = ['open', 'read+parse', 'queue rows', 'write'];

export interface EtlRatioResult {
  towns: number;
  files: number;
  bytes: number;
  floorS: number;
  etlS: number;
  ratio: number;
  coreS: number;
  coreRatio: number;
  mbPerS: number;
  cpuS: number | null;
  peakRssMb: number | null;
  phases: Record<string, number>;
  phaseCpu: Record<string, number>;
  /** The floor's CPU time, and the ETL's CPU time (all its threads; npm's start not included) over it. */
  floorCpuS: number;
  cpuRatio: number | null;
  /** CPU time of all of `npm run etl` (npm, esbuild, the ETL), when the system tells it (Linux). */
  npmCpuS: number | null;
  /** How far each phase raised the ETL's peak RSS (its `peak RSS raised by:` line), MB. */
  peakRiseMb: Record<string, number>;
  /** Every run's wall time, when a scale is run more than once (one town: etlS is their median). */
  runsS: number[];
  /** The share of the CPU time wanted during the ETL's runs that the host gave to other guests (tests/bench/cpu-steal.ts). */
  steal: number | null;
}

/** Runs of one town: a second or so each, so one run says more about the machine's moment than the ETL. */
const ONE_TOWN_RUNS = 3;

/** CPU seconds of this process's children that have ended (Linux: /proc/self/stat), or null. */
function childrenCpuS(): number | null {
  try {
    // Fields after the command name (which may hold spaces): cutime and cstime are the 14th and
    // 15th of them, in clock ticks (100 a second on Linux).
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** Read, decode and split every file into lines: the least any ETL of these files must do. */
function floorOnce(files: readonly string[]): { wallS: number; cpuS: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lines = 0;
  for (const file of files) lines += decoder.decode(readFileSync(file)).split(/\r\n|\r|\n/).length;
  if (lines === 0) throw new Error('the floor read no lines');
  const used = process.cpuUsage(cpu);
  return { wallS: (performance.now() - started) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

function runEtl(
  dbPath: string,
  dir: string,
): Promise<{ wallS: number; cpuS: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = childrenCpuS();
    const child = spawn('npm', ['run', '--silent', 'etl', '--', '--timings', '--db', dbPath, dir], {
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    // 'close', not 'exit': only then has all of its output been read.
    child.on('close', (code) => {
      const wallS = (performance.now() - started) / 1000;
      const cpuAfter = childrenCpuS();
      const cpuS = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
      if (code === 0) resolve({ wallS, cpuS, stdout });
      else reject(new Error(`npm run etl failed (exit ${code}):\n${stderr.slice(-2000)}`));
    });
  });
}

/** The `phases:` line of `--timings`: each phase's wall and CPU seconds, peak RSS and CPU. */
function readTimings(
  stdout: string,
): Pick<EtlRatioResult, 'phases' | 'phaseCpu' | 'peakRssMb' | 'cpuS' | 'peakRiseMb'> {
  const line = stdout.split('\n').find((l) => l.startsWith('phases: ')) ?? '';
  const phases: Record<string, number> = {};
  const phaseCpu: Record<string, number> = {};
  for (const [, name, seconds, cpu] of line.matchAll(
    /(?:phases: | · )([a-z+ -]+?) (\d+\.\d+) s \(CPU (\d+\.\d+) s\)/g,
  )) {
    if (name === undefined) continue;
    phases[name] = Number(seconds);
    phaseCpu[name] = Number(cpu);
  }
  const rss = /· peak RSS (\d+) MB/.exec(line)?.[1];
  const cpu = /· CPU (\d+\.\d+) s$/.exec(line)?.[1];
  if (Object.keys(phases).length === 0)
    throw new Error(`npm run etl printed no phases:\n${stdout.slice(-1000)}`);
  const peakRiseMb: Record<string, number> = {};
  const riseLine = stdout.split('\n').find((l) => l.startsWith('peak RSS raised by: ')) ?? '';
  for (const [, name, mb] of riseLine.matchAll(/(?:: | · )([a-z+ -]+?) \+(\d+) MB/g))
    if (name !== undefined) peakRiseMb[name] = Number(mb);
  return {
    phases,
    phaseCpu,
    peakRiseMb,
    peakRssMb: rss === undefined ? null : Number(rss),
    cpuS: cpu === undefined ? null : Number(cpu),
  };
}

async function measureScale(towns: number, corpusRoot: string): Promise<EtlRatioResult> {
  const dir = join(corpusRoot, `towns-${towns}`);
  if (!existsSync(dir) || readdirSync(dir).length !== towns) {
    rmSync(dir, { recursive: true, force: true });
    generateCorpus({ towns, dir });
  }
  const files = readdirSync(dir)
    .sort()
    .map((name) => join(dir, name));
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const dbPath = join(corpusRoot, `etl-ratio-${towns}.duckdb`);
  rmSync(dbPath, { force: true });
  // The floor before and after the ETL, the page cache warm both times: the least of them counts.
  const before = floorOnce(files);
  const runs = [];
  const stolen = stealSince();
  for (let run = 0; run < (towns === 1 ? ONE_TOWN_RUNS : 1); run++) {
    rmSync(dbPath, { force: true });
    runs.push(await runEtl(dbPath, dir));
  }
  const steal = stolen();
  // The median run (of one, or of ONE_TOWN_RUNS).
  const etl = [...runs].sort((a, b) => a.wallS - b.wallS)[Math.floor(runs.length / 2)] ?? runs[0]!;
  const after = floorOnce(files);
  const floorS = Math.min(before.wallS, after.wallS);
  const floorCpuS = Math.min(before.cpuS, after.cpuS);
  rmSync(dbPath, { force: true });
  const timings = readTimings(etl.stdout);
  const coreS = CORE_PHASES.reduce((sum, phase) => sum + (timings.phases[phase] ?? 0), 0);
  return {
    towns,
    files: files.length,
    bytes,
    floorS,
    etlS: etl.wallS,
    ratio: etl.wallS / floorS,
    coreS,
    coreRatio: coreS / floorS,
    mbPerS: bytes / 1e6 / etl.wallS,
    floorCpuS,
    cpuRatio: timings.cpuS === null ? null : timings.cpuS / floorCpuS,
    npmCpuS: etl.cpuS,
    runsS: runs.map((run) => run.wallS),
    steal,
    ...timings,
  };
}

/** Runs the section at each scale and prints its tables; returns the results for the JSON report. */
export async function etlRatioBench(
  scales: readonly number[],
  corpusDir: string | null,
): Promise<EtlRatioResult[]> {
  const root = corpusDir ?? mkdtempSync(join(tmpdir(), 'duty-map-etl-ratio-'));
  const results: EtlRatioResult[] = [];
  const build = spawnSync('npm', ['run', '--silent', 'etl', '--', '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run etl -- --help failed:\n${build.stderr}`);
  try {
    for (const towns of scales) {
      console.log(
        `\n=== ETL vs floor · ${towns.toLocaleString('en')} town(s) · load average ${loadavg()[0]?.toFixed(1)}`,
      );
      const result = await measureScale(towns, root);
      results.push(result);
      console.log(
        `phases: ${Object.entries(result.phases)
          .map(([phase, s]) => `${phase} ${s.toFixed(2)} s (CPU ${result.phaseCpu[phase]?.toFixed(2)} s)`)
          .join(' · ')}`,
      );
      console.log(
        `peak RSS ${result.peakRssMb} MB, raised by: ${
          Object.entries(result.peakRiseMb)
            .map(([phase, mb]) => `${phase} +${mb} MB`)
            .join(' · ') || 'none'
        }`,
      );
      if (result.runsS.length > 1)
        console.log(`runs: ${result.runsS.map((s) => `${s.toFixed(2)} s`).join(', ')} (the median counts)`);
      console.log(`host: ${formatSteal(result.steal)} of the CPU time wanted during the ETL`);
    }
  } finally {
    if (corpusDir === null) rmSync(root, { recursive: true, force: true });
  }
  console.log(
    '\nETL end to end (npm run etl) against the floor (read + decode + split into lines), same run;' +
      ' CPU s is the ETL process (every thread), npm run CPU s all of npm run etl:',
  );
  console.table(
    results.map((r) => ({
      towns: r.towns,
      MB: +(r.bytes / 1e6).toFixed(1),
      'floor s': +r.floorS.toFixed(3),
      'floor CPU s': +r.floorCpuS.toFixed(3),
      'ETL s': +r.etlS.toFixed(2),
      [`ratio [≤${TARGET_RATIO} from 300]`]: +r.ratio.toFixed(1),
      'read→parse→write s': +r.coreS.toFixed(2),
      'its ratio': +r.coreRatio.toFixed(1),
      'MB/s': +r.mbPerS.toFixed(1),
      'CPU s': r.cpuS,
      'CPU ratio': r.cpuRatio === null ? null : +r.cpuRatio.toFixed(1),
      'npm run CPU s': r.npmCpuS === null ? null : +r.npmCpuS.toFixed(2),
      'peak RSS MB': r.peakRssMb,
      'steal %': r.steal === null ? null : +(r.steal * 100).toFixed(1),
    })),
  );
  const targets = results.flatMap((r) => {
    const rows = [];
    if (r.towns === 1)
      rows.push({
        target: `one town end to end (median of ${r.runsS.length})`,
        value: `${r.etlS.toFixed(2)} s`,
        target_: `≤ ${TARGET_ONE_TOWN_S} s`,
        ratio: +(r.etlS / TARGET_ONE_TOWN_S).toFixed(2),
        met: r.etlS <= TARGET_ONE_TOWN_S,
      });
    if (r.towns >= 300)
      rows.push({
        target: `ETL / floor at ${r.towns.toLocaleString('en')} towns`,
        value: `${r.ratio.toFixed(1)}×`,
        target_: `≤ ${TARGET_RATIO}×`,
        ratio: +(r.ratio / TARGET_RATIO).toFixed(2),
        met: r.ratio <= TARGET_RATIO,
      });
    return rows;
  });
  console.table(targets);
  return results;
}
