// `npm start` as a real process: with no database it builds one from data/raw/ through the ETL, with
// no built dashboard it runs vite build, prints its URL when ready, serves both, exits cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
  it('builds the missing database and dashboard, serves both on HOST:PORT, stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-start-'));
    const dbPath = join(dir, 'duties.duckdb');
    const clientDir = join(dir, 'client');
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

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
