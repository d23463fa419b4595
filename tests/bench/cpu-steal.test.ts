// The share of CPU time stolen by the host that the benchmark prints beside its measurements
// (tests/bench/cpu-steal.ts), from /proc/stat's cpu line.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSteal, parseCpuTicks, readCpuTicks, stealShare } from './cpu-steal.ts';

// A reading of this machine's /proc/stat (session 26), and one made from it with the changes measured
// over a load of the seed there (user +194, system +32, softirq +2, idle +168, steal +71 ticks).
const BEFORE =
  'cpu  2320516 64096 305818 6100350 22656 0 17999 206704 0 0\ncpu0 1160258 32048 152909 3050175 11328 0 9000 103352 0 0\nintr 1 2 3\n';
const AFTER =
  'cpu  2320710 64096 305850 6100518 22656 0 18001 206775 0 0\ncpu0 1160355 32048 152925 3050259 11328 0 9001 103388 0 0\n';

describe('cpu steal', () => {
  it('reads the machine-wide cpu line, not a core’s', () => {
    expect(parseCpuTicks(BEFORE)).toEqual({
      busy: 2320516 + 64096 + 305818 + 0 + 17999,
      steal: 206704,
      idle: 6100350 + 22656,
    });
  });

  it('gives the share of the CPU time wanted that went to other guests', () => {
    // busy +194 +32 +2 = 228 ticks, steal +71: 71 / 299.
    expect(stealShare(parseCpuTicks(BEFORE), parseCpuTicks(AFTER))).toBeCloseTo(71 / 299, 10);
    expect(formatSteal(71 / 299)).toBe('steal 24 %');
    expect(formatSteal(0.042)).toBe('steal 4.2 %');
  });

  it('says nothing rather than a wrong share', () => {
    expect(parseCpuTicks('intr 1 2 3\n')).toBeNull();
    expect(parseCpuTicks('cpu  1 2 3\n')).toBeNull();
    expect(parseCpuTicks('cpu  1 2 x 4 5 6 7 8\n')).toBeNull();
    const reading = parseCpuTicks(BEFORE);
    expect(stealShare(reading, reading)).toBeNull(); // nothing wanted
    expect(stealShare(parseCpuTicks(AFTER), reading)).toBeNull(); // readings the wrong way round
    expect(stealShare(null, reading)).toBeNull();
    expect(formatSteal(null)).toBe('steal n/a');
  });

  it.runIf(existsSync('/proc/stat'))('reads this machine’s ticks, which only grow', () => {
    const first = readCpuTicks();
    expect(first).not.toBeNull();
    // 50 ms of this process's work: five ticks of 10 ms at least, on some core.
    const until = performance.now() + 50;
    let spins = 0;
    while (performance.now() < until) spins++;
    expect(spins).toBeGreaterThan(0);
    const second = readCpuTicks();
    expect(second!.busy + second!.steal).toBeGreaterThan(first!.busy + first!.steal);
    const share = stealShare(first, second);
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
  });
});
