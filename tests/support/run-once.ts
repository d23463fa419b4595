// One piece of setup (building the dashboard, unpacking a browser) done once while test files run in
// parallel workers: a lock directory (mkdir is atomic) lets one worker do it while the others wait, and
// whoever gets the lock checks again first, since another may have finished meanwhile.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface RunOnce {
  /** The lock directory; its parent is created. */
  lock: string;
  /** Whether the work is already done (then nothing runs). */
  done: () => boolean;
  make: () => void;
  /** A lock older than this was left by a killed run (default 120 s: longer than any build here). */
  staleMs?: number;
  /** How long to wait for another worker (default 180 s). */
  timeoutMs?: number;
}

export function runOnce({ lock, done, make, staleMs = 120_000, timeoutMs = 180_000 }: RunOnce): void {
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const locked = existsSync(lock);
    if (!locked && done()) return;
    if (!locked) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        // Another worker took the lock first.
      }
    } else if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > staleMs) {
      rmSync(lock, { recursive: true, force: true });
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
    sleepSync(200);
  }
  try {
    if (!done()) make();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
