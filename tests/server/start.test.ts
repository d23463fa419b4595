// `npm start` as a real process tree: with no database it builds one from data/raw/ through the ETL, with
// no built dashboard it runs vite build, then runs the compiled server (dist/server/index.js, no tsx) as
// npm's only child (with its serving processes under it, one per core), prints its URL when ready, serves
// both, and exits cleanly on SIGTERM. When npm itself is killed with SIGKILL (it cannot pass that on), the
// server and its serving processes notice and exit instead of living on as orphans that still answer on the port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { childrenOf, commandLine, isAlive } from '../support/process-tree.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'duty-map-start-'));
const dbPath = join(dir, 'duties.duckdb');
const clientDir = join(dir, 'client');
const started: ChildProcess[] = [];
const serverPids: number[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const pid of serverPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

function npmStart(port: number): ChildProcess {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DUTIES_DB: dbPath, CLIENT_DIR: clientDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  return child;
}

function waitFor(process: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    process.stdout?.on('data', onData);
    process.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process.on('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${output}`)));
  });
}

/** The environment a process started with. */
const environmentOf = (pid: number) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

/** The files a compiled module imports statically (not `import()`), itself included, transitively. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const [, name] of text.matchAll(
    /^import\s[^;]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm,
  )) {
    if (name?.startsWith('./')) staticImports(join(dirname(file), name), seen);
  }
  return seen;
}

/** npm's children once the server is up: the one server process, its command line. */
function serverUnder(npmPid: number): { pid: number; argv: string[] } {
  const children = childrenOf(npmPid);
  expect(children, 'npm runs exactly one process').toHaveLength(1);
  const pid = children[0] ?? -1;
  serverPids.push(pid);
  return { pid, argv: commandLine(pid) };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('npm start', () => {
  it('builds the missing database and dashboard, serves both on HOST:PORT, stops on SIGTERM', async () => {
    const port = await freePort();
    const child = npmStart(port);
    const [, url] = await waitFor(child, /duty-map ready on (http:\/\/\S+)/, 90_000);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(existsSync(dbPath)).toBe(true);
    expect(existsSync(join(clientDir, 'index.html'))).toBe(true);

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', towns: 1, items: 181 });
    const page = await fetch(`${url}/some/dashboard/route`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = html.match(/<script[^>]+src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(`${url}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);

  it('runs the compiled server as npm’s only child, which exits when npm is killed with SIGKILL', async () => {
    const port = await freePort();
    const child = npmStart(port);
    await waitFor(child, /duty-map ready on/, 60_000);
    const npmPid = child.pid ?? -1;
    const server = serverUnder(npmPid);
    // Production runs compiled JavaScript: node on dist/server/index.js, no tsx, no shell in between.
    expect(server.argv.slice(1)).toEqual(['dist/server/index.js']);
    expect(server.argv.join(' ')).not.toContain('tsx');
    // DuckDB reads its allocator settings when it loads: the entry sets them before anything it imports
    // statically loads DuckDB, so that they hold with WORKERS=1 too (the process serves itself).
    const entry = staticImports(join(ROOT, 'dist/server/index.js'));
    expect([...entry].some((file) => readFileSync(file, 'utf8').includes('@duckdb/node-api'))).toBe(false);
    expect(readFileSync(join(ROOT, 'dist/server/index.js'), 'utf8')).toMatch(/import\("\.\/main-\w+\.js"\)/);
    // Its children are the serving processes (WORKERS, default one per core; none with one core), each
    // the same compiled file run by node.
    const workers = childrenOf(server.pid);
    serverPids.push(...workers);
    const cores = availableParallelism();
    expect(workers).toHaveLength(cores > 1 ? cores : 0);
    for (const worker of workers) {
      const argv = commandLine(worker);
      expect(argv.slice(1).map((arg) => relative(ROOT, arg))).toEqual(['dist/server/index.js']);
      expect(childrenOf(worker)).toEqual([]);
      // DuckDB's allocator settings were in the worker's environment when it started, before DuckDB loaded.
      expect(environmentOf(worker)).toContain('DUCKDB_JE_MALLOC_CONF=dirty_decay_ms:0,muzzy_decay_ms:0');
    }
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    // Charts are drawn on a thread of their own, from its own compiled entry (build:server), started at the
    // first chart (ECharts stays out of memory until then).
    const chart = await fetch(`http://127.0.0.1:${port}/api/charts/departments.svg?kind=reclaimed`);
    expect(chart.status).toBe(200);
    expect(await chart.text()).toContain('<svg');
    // The Word report is packed on a thread of its own, from its own compiled entry (build:server).
    const report = await fetch(`http://127.0.0.1:${port}/api/report.docx?lang=zh-CN`);
    expect(report.status).toBe(200);
    const docx = await JSZip.loadAsync(await report.arrayBuffer());
    const documentXml = (await docx.file('word/document.xml')?.async('string')) ?? '';
    expect(documentXml).toContain('阿龙山镇');
    expect(Object.keys(docx.files).filter((name) => name.startsWith('word/media/')).length).toBeGreaterThan(
      0,
    );

    process.kill(npmPid, 'SIGKILL');
    // The server checks its parent once a second; a few seconds is a generous margin.
    expect(await until(() => !isAlive(server.pid), 10_000), 'the server outlived npm').toBe(true);
    expect(await until(() => workers.every((pid) => !isAlive(pid)), 10_000), 'a worker outlived npm').toBe(
      true,
    );
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  }, 90_000);
});
