// How much of the CPU time the machine wanted while a measurement ran went to other guests of its host
// ("steal", /proc/stat). On the shared virtual machines these benchmarks run on, the same code's latencies
// moved 1.5–2× within an hour (issue 13's closing notes: a one-town load of the seed 0.77 s, then
// 1.2–2.0 s, with ~20 % of the CPU time stolen). The load average does not show it: a stolen tick is
// neither run nor queued in the guest's view. Printed beside each measurement so that a missed target can
// be read as the code's or the host's.
import { readFileSync } from 'node:fs';

/** The machine's CPU time since boot, in clock ticks, summed over its cores (/proc/stat's `cpu` line). */
export interface CpuTicks {
  /** Run: user, nice, system, irq, softirq (guest time is inside user). */
  busy: number;
  /** Wanted but given to other guests by the hypervisor. */
  steal: number;
  /** Idle and waiting for I/O. */
  idle: number;
}

/** The `cpu` line of /proc/stat's text, or null when it has none (fields: user nice system idle iowait irq softirq steal …). */
export function parseCpuTicks(procStat: string): CpuTicks | null {
  const line = procStat.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) return null;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 8 || fields.slice(0, 8).some((n) => !Number.isFinite(n))) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return { busy: user + nice + system + irq + softirq, steal, idle: idle + iowait };
}

/** The machine's CPU ticks now, or null where there is no /proc/stat (not Linux). */
export function readCpuTicks(path = '/proc/stat'): CpuTicks | null {
  try {
    return parseCpuTicks(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The share of the CPU time wanted between two readings that was stolen: steal / (busy + steal), from 0
 * to 1; null when either reading is missing or nothing was wanted.
 */
export function stealShare(before: CpuTicks | null, after: CpuTicks | null): number | null {
  if (before === null || after === null) return null;
  const busy = after.busy - before.busy;
  const steal = after.steal - before.steal;
  if (busy < 0 || steal < 0 || busy + steal <= 0) return null;
  return steal / (busy + steal);
}

/** From now: call the returned function for the share stolen since (stealShare). */
export function stealSince(): () => number | null {
  const before = readCpuTicks();
  return () => stealShare(before, readCpuTicks());
}

/** `steal 23 %` (or `steal n/a`), for the benchmark's headings. */
export function formatSteal(share: number | null): string {
  return share === null ? 'steal n/a' : `steal ${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;
}
