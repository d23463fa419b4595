// Wall time of each phase of a load (read+parse, write, roll-ups …), for `--timings` and the bench:
// where a run's time goes is measured, not guessed.

export type Phases = Record<string, number>;

export class PhaseTimer {
  readonly ms: Phases = {};
  private last = performance.now();

  /** Adds the time since the previous mark (or since the timer started) to `phase`. */
  mark(phase: string): void {
    const now = performance.now();
    this.ms[phase] = (this.ms[phase] ?? 0) + (now - this.last);
    this.last = now;
  }
}

/** `phase 1.2 s · phase 0.3 s …`, in the order the phases first ran. */
export function formatPhases(phases: Phases): string {
  return Object.entries(phases)
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(2)} s`)
    .join(' · ');
}
