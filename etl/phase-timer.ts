// Wall time of each phase of a load (read+parse, write, roll-ups …), the CPU time the whole
// process (worker threads and DuckDB's threads included) spent in it, and how far it raised the
// process's peak RSS, for `--timings` and the bench: where a run's time and memory go is measured,
// not guessed. CPU time also reads true on a busy machine, where wall time does not.

export type Phases = Record<string, number>;

export class PhaseTimer {
  readonly ms: Phases = {};
  readonly cpuMs: Phases = {};
  /** MB by which the process's peak RSS rose during each phase: their sum is the load's own part of the peak. */
  readonly peakRiseMb: Phases = {};
  private last = performance.now();
  private lastCpu = process.cpuUsage();
  private lastPeakKb = process.resourceUsage().maxRSS;

  /** Adds the time since the previous mark (or since the timer started) to `phase`. */
  mark(phase: string): void {
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    this.ms[phase] = (this.ms[phase] ?? 0) + (now - this.last);
    this.cpuMs[phase] = (this.cpuMs[phase] ?? 0) + (cpu.user + cpu.system) / 1000;
    // getrusage, a few microseconds: read+parse marks once per file, 38,600 times at national.
    const peakKb = process.resourceUsage().maxRSS;
    this.peakRiseMb[phase] = (this.peakRiseMb[phase] ?? 0) + (peakKb - this.lastPeakKb) / 1024;
    this.last = now;
    this.lastCpu = process.cpuUsage();
    this.lastPeakKb = peakKb;
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

/** `read+parse +812 MB · write +230 MB …`: the phases that raised the peak RSS, by how much. */
export function formatPeakRise(peakRiseMb: Phases): string {
  const rises = Object.entries(peakRiseMb).filter(([, mb]) => mb >= 1);
  return rises.length === 0
    ? 'none'
    : rises.map(([phase, mb]) => `${phase} +${Math.round(mb)} MB`).join(' · ');
}
