// `npm start` as a real process: with no database it builds one from data/raw/ through the ETL,
// prints its URL when ready, serves the API and the dashboard, and exits cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

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

describe('npm start', () => {
  it('builds the missing database, serves API and dashboard on HOST:PORT, stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-start-'));
    const dbPath = join(dir, 'duties.duckdb');
    const clientDir = join(dir, 'client');
    mkdirSync(clientDir);
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>duty-map</title>');
    const port = 20_000 + Math.floor(Math.random() * 10_000);

    child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/index.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DUTIES_DB: dbPath,
        CLIENT_DIR: clientDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, url] = await waitFor(child, /duty-map ready on (http:\/\/\S+)/, 60_000);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(existsSync(dbPath)).toBe(true);

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', towns: 1, items: 181 });
    const page = await fetch(`${url}/some/dashboard/route`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>duty-map</title>');

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
