// Lowers the scheduling priority of every thread of this process except the main one, which runs the
// event loop. DuckDB's queries run on the other threads (libuv's thread pool and DuckDB's own), and when
// they keep every core busy the event loop still gets the CPU as soon as a request arrives: health
// checks, cached answers and the 503s that turn work away stay fast under a flood of heavy queries.
//
// Linux applies a nice value to one thread when setpriority() is given its thread id, and threads
// created later (DuckDB's, when a replaced database file is opened from a pool thread) inherit their
// creator's. Elsewhere there is no /proc/self/task and nothing is changed.
import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

let backgroundNice = 0;

/**
 * The nice value the serving process gave its background threads (0 when it gave none): a worker thread
 * started later from the event loop's thread inherits that thread's priority, so it lowers its own
 * (lowerThisThread) to this.
 */
export const backgroundThreadNice = () => backgroundNice;

/** Sets `nice` on the calling thread (a worker thread's own); false where threads have no ids of their own. */
export function lowerThisThread(nice: number): boolean {
  if (nice <= 0) return false;
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}

/** Sets `nice` on every thread but the main one; returns how many threads it changed. */
export function lowerBackgroundThreads(nice: number): number {
  backgroundNice = nice;
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
