// Lowers the scheduling priority of every thread of this process except the main one, which runs the
// event loop. DuckDB's queries run on the other threads (libuv's thread pool and DuckDB's own), and when
// they keep every core busy the event loop still gets the CPU as soon as a request arrives: health
// checks, cached answers and the 503s that turn work away stay fast under a flood of heavy queries.
//
// Linux applies a nice value to one thread when setpriority() is given its thread id, and threads
// created later (DuckDB's, when a replaced database file is opened from a pool thread) inherit their
// creator's. Elsewhere there is no /proc/self/task and nothing is changed.
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Sets `nice` on every thread but the main one; returns how many threads it changed. */
export function lowerBackgroundThreads(nice: number): number {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  let changed = 0;
  for (const tid of tids) {
    const id = Number(tid);
    if (id === process.pid) continue;
    try {
      setPriority(id, nice);
      changed += 1;
    } catch {
      // The thread has just exited.
    }
  }
  return changed;
}
