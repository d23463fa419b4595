// Wall time of each phase of a load (read+parse, write, roll-ups …), and the CPU time the whole
// process (worker threads and DuckDB's threads included) spent in it, for `--timings` and the
// bench: where a run's time goes is measured, not guessed. CPU time also reads true on a busy
// machine, where wall time does not.

export type Phases = Record<string, number>;

export class PhaseTimer {
  readonly ms: Phases = {};
  readonly cpuMs: Phases = {};
  private last = performance.now();
  private lastCpu = process.cpuUsage();

  /** Adds the time since the previous mark (or since the timer started) to `phase`. */
  mark(phase: string): void {
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    this.ms[phase] = (this.ms[phase] ?? 0) + (now - this.last);
    this.cpuMs[phase] = (this.cpuMs[phase] ?? 0) + (cpu.user + cpu.system) / 1000;
    this.last = now;
    this.lastCpu = process.cpuUsage();
  }
}

/** `phase 1.20 s (CPU 1.90 s) · phase 0.30 s (CPU 0.31 s) …`, in the order the phases first ran. */
export function formatPhases(phases: Phases, cpuMs: Phases = {}): string {
  return Object.entries(phases)
    .map(([phase, ms]) => {
      const cpu = cpuMs[phase];
      return `${phase} ${(ms / 1000).toFixed(2)} s${cpu === undefined ? '' : ` (CPU ${(cpu / 1000).toFixed(2)} s)`}`;
    })
    .join(' · ');
}
