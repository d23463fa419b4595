// Child processes for the benchmark, the hardening and the browser tests: the real server (server/index.ts with
// tsx, or the compiled dist/server/index.js as `npm start` runs it) on a port the system chooses (PORT=0; the
// server names it in its ready line, so a test can never reach another test's server on a port it guessed),
// Node scripts with tsx, and memory read from /proc/<pid>/status.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { childrenOf } from './process-tree.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export function readStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export interface ServerHandle {
  pid: number;
  /** The processes serving requests: the cluster's workers, or the server itself when it runs alone. */
  servingPids: () => number[];
  url: string;
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Run dist/server/index.js (build it first: `npm run build:server`) instead of the sources with tsx. */
  compiled?: boolean;
  /** More environment for the server, e.g. WORKERS. */
  env?: NodeJS.ProcessEnv;
}

/** Starts the real server as a child process and waits for /api/health. */
export async function startServer(
  dbPath: string,
  clientDir: string,
  options: StartOptions = {},
): Promise<ServerHandle> {
  const entry = options.compiled ? ['dist/server/index.js'] : ['--import', 'tsx', 'server/index.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...options.env,
      PORT: '0',
      HOST: options.env?.HOST ?? '127.0.0.1',
      DUTIES_DB: dbPath,
      CLIENT_DIR: clientDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    // The port the system gave it, from its ready line; loopback whatever HOST it listens on.
    const port = /duty-map ready on http:\/\/\S+:(\d+)/.exec(output)?.[1];
    url ??= port === undefined ? undefined : `http://127.0.0.1:${port}`;
    if (url !== undefined) {
      try {
        const res = await fetch(`${url}/api/health`);
        if (res.ok) break;
      } catch {
        // listening, not answering yet
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const served = url;
  return {
    pid: child.pid ?? -1,
    servingPids: () => {
      const pid = child.pid ?? -1;
      const workers = childrenOf(pid);
      return workers.length > 0 ? workers : [pid];
    },
    url: served,
    child,
    log: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
