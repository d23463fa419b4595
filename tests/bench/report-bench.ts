// The Word report's cost (issue 13, "Server memory"): GET /api/report.docx from the compiled server, as
// `npm start` runs it but with one serving process, on generated databases of each scale. For each
// language: the answer's wall time, the serving process's CPU time for it, its peak RSS (VmHWM, reset
// just before the request where the kernel allows) against the 400 MB a serving process may use, the
// document's size, and /api/health polled meanwhile (a report must not starve the server).
//
// `npm run bench -- --report [--scales 300,1000] [--report-dir DIR]`: each scale's database is built by
// the real ETL from a generated corpus into DIR/towns-N.duckdb and kept there for the next run (a temp
// folder, deleted afterwards, without --report-dir).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readStatus, ROOT, runNode, startServer } from '../support/server-process.ts';
import { latency, mb, ms, targetRow, type Latency } from './bench-stats.ts';
import { generateCorpus } from './generate.ts';
import type { LoadWorkerResult } from './load-worker.ts';

const TARGET_RSS_BYTES = 400 * 1024 * 1024;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export interface ReportRun {
  towns: number;
  lang: string;
  status: number;
  wallS: number;
  cpuS: number;
  bytes: number;
  /** VmHWM of the serving process after the report (since the reset, where it was reset). */
  peakRssBytes: number;
  /** Whether VmHWM was reset before the request (else it includes the server's earlier work). */
  peakReset: boolean;
  health: Latency;
  /** Health requests that failed (connection reset) while the report ran. */
  healthErrors: number;
  load: string;
}

/** User + system CPU seconds of a process so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; USER_HZ is 100 on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0, `echo 5 > clear_refs`); false where not allowed. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The scale's database, built once by the real ETL and kept in `dir`. */
async function databaseFor(towns: number, dir: string): Promise<string> {
  const dbPath = join(dir, `towns-${towns}.duckdb`);
  if (existsSync(dbPath)) return dbPath;
  const textDir = join(dir, `text-${towns}`);
  const corpus = generateCorpus({ towns, dir: textDir });
  const listFile = join(dir, `files-${towns}.txt`);
  writeFileSync(listFile, corpus.files.join('\n'));
  const run = await runNode(['--import', 'tsx', 'tests/bench/load-worker.ts', dbPath, listFile]);
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.code !== 0 || !line.startsWith('{'))
    throw new Error(`ETL failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  const result = JSON.parse(line) as LoadWorkerResult;
  if (!result.ok) throw new Error(`ETL rejected the corpus: ${result.firstError}`);
  rmSync(textDir, { recursive: true, force: true });
  rmSync(listFile, { force: true });
  return dbPath;
}

async function measure(url: string, pid: number, towns: number, lang: string): Promise<ReportRun> {
  const peakReset = resetPeak(pid);
  const cpu = cpuSeconds(pid);
  const started = performance.now();
  let done = false;
  const report = fetch(`${url}/api/report.docx?lang=${lang}`).then(async (res) => {
    const bytes = (await res.arrayBuffer()).byteLength;
    done = true;
    return { status: res.status, bytes };
  });
  const samples: number[] = [];
  let healthErrors = 0;
  while (!done) {
    const t = performance.now();
    try {
      await (await fetch(`${url}/api/health`)).arrayBuffer();
      samples.push(performance.now() - t);
    } catch {
      // A kept-alive connection the server closed while its event loop was busy: counted, not fatal.
      healthErrors += 1;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const { status, bytes } = await report;
  return {
    towns,
    lang,
    status,
    wallS: (performance.now() - started) / 1000,
    cpuS: cpuSeconds(pid) - cpu,
    bytes,
    peakRssBytes: readStatus(pid, 'VmHWM'),
    peakReset,
    health: latency(samples),
    healthErrors,
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
  };
}

export async function reportBench(argv: string[]): Promise<ReportRun[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      report: { type: 'boolean' },
      scales: { type: 'string', default: '300,1000' },
      'report-dir': { type: 'string' },
    },
  });
  const scales = values.scales
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const keep = values['report-dir'] !== undefined;
  const dir = keep ? resolve(values['report-dir'] ?? '') : mkdtempSync(join(tmpdir(), 'duty-map-report-'));
  mkdirSync(dir, { recursive: true });
  const clientDir = mkdtempSync(join(tmpdir(), 'duty-map-bench-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>duty-map bench</title>');
  const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:server failed');
  const runs: ReportRun[] = [];
  try {
    for (const towns of scales) {
      const dbPath = await databaseFor(towns, dir);
      const server = await startServer(dbPath, clientDir, { compiled: true, env: { WORKERS: '1' } });
      try {
        const [pid = server.pid] = server.servingPids();
        const idle = readStatus(pid, 'VmRSS');
        for (const lang of ['zh-CN', 'en']) {
          const run = await measure(server.url, pid, towns, lang);
          runs.push(run);
          console.log(
            `report ${towns} towns ${lang}: ${run.status} in ${run.wallS.toFixed(1)} s (CPU ${run.cpuS.toFixed(1)} s), ` +
              `${mb(run.bytes)}, peak RSS ${mib(run.peakRssBytes)}${run.peakReset ? '' : ' (since start)'} ` +
              `(idle ${mib(idle)}), health p50 ${ms(run.health.p50)} ms max ${ms(run.health.max)} ms (${run.health.n} ok, ${run.healthErrors} failed), load ${run.load}`,
          );
        }
      } catch (error) {
        throw new Error(`${(error as Error).message}; the server said:\n${server.log().slice(-3000)}`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(clientDir, { recursive: true, force: true });
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  console.table(
    runs.map((r) => ({
      ...targetRow(
        `report.docx ${r.towns} towns ${r.lang}: peak RSS`,
        r.peakRssBytes,
        TARGET_RSS_BYTES,
        'MiB',
      ),
      status: r.status,
      'wall s': +r.wallS.toFixed(1),
      'CPU s': +r.cpuS.toFixed(1),
      'docx MB': +(r.bytes / 1e6).toFixed(2),
      'health max ms': +r.health.max.toFixed(0),
      'health failed': r.healthErrors,
    })),
  );
  return runs;
}
