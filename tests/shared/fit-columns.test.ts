import { describe, expect, it } from 'vitest';
import { fitColumns } from '../../shared/export/data-table.ts';

describe('fitColumns', () => {
  it('shares the width in proportion when every column fits', () => {
    expect(fitColumns([1000, 2000, 1000], 8000, 1600)).toEqual([2000, 4000, 2000]);
  });

  it('keeps short columns at their need and lets the wide text columns share the rest', () => {
    // 序号, 类别, 事项, 条款号, 处罚条款 of the kept clauses (twips) on A4's 9,026.
    const grid = fitColumns([960, 1440, 5040, 1200, 7440], 9026, 1805);
    expect(grid.slice(0, 2)).toEqual([960, 1440]);
    expect(grid[3]).toBe(1200);
    expect(grid[2]).toBe(Math.round((5426 * 5040) / 12480));
    expect(grid[4]).toBe(Math.round((5426 * 7440) / 12480));
    expect(grid.reduce((a, b) => a + b, 0)).toBeCloseTo(9026, -1);
  });

  it('never gives a short column more than the floor when it squeezes', () => {
    const grid = fitColumns([960, 3720, 5040, 1680, 7440], 9026, 1805);
    expect(grid[1]).toBe(1805);
    expect(grid[0]).toBe(960);
    expect((grid[2] ?? 0) + (grid[4] ?? 0)).toBeCloseTo(9026 - 960 - 1805 - 1680, -1);
  });

  it('keeps every column positive when many columns need more than the page (a wide comparison table)', () => {
    // Eight columns each needing 4,000 twips on 9,026: the floors alone (a fifth each) would overrun.
    const grid = fitColumns([4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000], 9026, 1805);
    expect(grid.every((w) => w > 0)).toBe(true);
    expect(grid.reduce((a, b) => a + b, 0)).toBeCloseTo(9026, -1);
    // Short columns beside many wide ones: the floor is at most an equal share.
    const mixed = fitColumns([600, 5000, 5000, 5000, 5000, 5000, 5000], 9026, 1805);
    expect(mixed[0]).toBe(600);
    expect(mixed.slice(1).every((w) => w > 0)).toBe(true);
    expect(mixed.reduce((a, b) => a + b, 0)).toBeCloseTo(9026, -1);
  });
});
