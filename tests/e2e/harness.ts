// Browser-test harness: builds the dashboard when dist/client is missing or older than its sources, starts the
// real server on a random port against a seed database, and launches Chromium through playwright-core
// (which one, and its fonts: tests/support/browser.ts). Never downloads a browser.
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { runOnce } from '../support/run-once.ts';
import { isClientBuildCurrent } from '../../server/bootstrap.ts';
import { startServer as startServerProcess } from '../support/server-process.ts';

export { launchBrowser };

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLIENT_DIR = join(ROOT, 'dist', 'client');

/**
 * Runs `vite build` unless dist/client holds a build newer than every source of the dashboard (client/,
 * shared/ and the build's configuration: isClientBuildCurrent, as `npm start` decides). Test files run
 * in parallel workers, so one builds while the others wait (runOnce), and the build goes to a temporary
 * folder that replaces dist/client only when complete: nobody ever serves a half-written dashboard.
 */
export function ensureClientBuilt(): void {
  runOnce({
    lock: join(ROOT, 'dist', '.client-build.lock'),
    done: () => isClientBuildCurrent(CLIENT_DIR, ROOT),
    make: () => {
      const tmp = join(ROOT, 'dist', `.client-build-${process.pid}`);
      const result = spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', tmp, '--emptyOutDir'],
        // Vitest sets NODE_ENV=test, which would make vite bundle React's development build.
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
      );
      if (result.status !== 0) {
        rmSync(tmp, { recursive: true, force: true });
        throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
      }
      rmSync(CLIENT_DIR, { recursive: true, force: true });
      renameSync(tmp, CLIENT_DIR);
    },
  });
}

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

/** Starts server/index.ts on a port the system picks with the given database, the built client and `env`. */
export function startServer(dbPath: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  return startServerProcess(dbPath, CLIENT_DIR, { env });
}

/**
 * The usual browser-test file: before its tests, the dashboard served on the database `buildDb` makes and
 * a browser; after them, both stopped. Read `server` and `browser` inside tests (set in beforeAll). `env`:
 * more configuration for the server (e.g. REPORT_TIMEOUT_MS).
 */
export function useDashboard(
  buildDb: () => Promise<string>,
  env: NodeJS.ProcessEnv = {},
): {
  readonly server: RunningServer;
  readonly browser: Browser;
} {
  const running = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    ensureClientBuilt();
    running.server = await startServer(await buildDb(), env);
    running.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
