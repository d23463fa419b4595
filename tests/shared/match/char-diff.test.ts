// charDiff(): the differing characters of two wordings, as the changes view marks them. Checked
// against the seed's own rewordings, and by properties: both texts rebuild from the runs, and the
// number of marked characters is the least possible (n + m − 2 · the longest common subsequence,
// computed here by plain dynamic programming).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charDiff, diffSides } from '../../../shared/match/char-diff.ts';

const text = fc.string({ unit: fc.constantFrom(...'安全生产监督管理工作𠀀a'), minLength: 0, maxLength: 16 });

function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

const rebuild = (segments: ReturnType<typeof charDiff>, keep: 'removed' | 'added') =>
  segments
    .filter((s) => s.op === 'same' || s.op === keep)
    .map((s) => s.text)
    .join('');

describe('charDiff', () => {
  it('marks the words a rewording added and the ones it dropped', () => {
    expect(charDiff('开展森林防火宣传', '组织开展森林防火宣传工作')).toEqual([
      { op: 'added', text: '组织' },
      { op: 'same', text: '开展森林防火宣传' },
      { op: 'added', text: '工作' },
    ]);
    expect(charDiff('负责辖区安全生产监督检查', '承担辖区安全生产监管检查')).toEqual([
      { op: 'removed', text: '负责' },
      { op: 'added', text: '承担' },
      { op: 'same', text: '辖区安全生产监' },
      { op: 'removed', text: '督' },
      { op: 'added', text: '管' },
      { op: 'same', text: '检查' },
    ]);
  });

  it('answers equal, empty and wholly different texts', () => {
    expect(charDiff('殡葬管理', '殡葬管理')).toEqual([{ op: 'same', text: '殡葬管理' }]);
    expect(charDiff('', '')).toEqual([]);
    expect(charDiff('', '新增')).toEqual([{ op: 'added', text: '新增' }]);
    expect(charDiff('甲乙', '丙丁')).toEqual([
      { op: 'removed', text: '甲乙' },
      { op: 'added', text: '丙丁' },
    ]);
  });

  it('never splits a character outside the BMP', () => {
    expect(charDiff('𠀀甲', '𠀁甲')).toEqual([
      { op: 'removed', text: '𠀀' },
      { op: 'added', text: '𠀁' },
      { op: 'same', text: '甲' },
    ]);
  });

  it('rebuilds both texts and marks the fewest characters possible', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const segments = charDiff(a, b);
        expect(rebuild(segments, 'removed')).toBe(a);
        expect(rebuild(segments, 'added')).toBe(b);
        const marked = segments.filter((s) => s.op !== 'same').reduce((n, s) => n + [...s.text].length, 0);
        const [ca, cb] = [[...a], [...b]];
        expect(marked).toBe(ca.length + cb.length - 2 * lcsLength(ca, cb));
        // Neighbouring runs never share an op: the view draws one mark per run.
        for (let i = 1; i < segments.length; i++) expect(segments[i]!.op).not.toBe(segments[i - 1]!.op);
      }),
      { numRuns: 500 },
    );
  });

  it('gives up on a pathological pair past the edit bound by marking both sides whole', () => {
    const a = '甲'.repeat(50);
    const b = '乙'.repeat(50);
    expect(charDiff(a, b, 10)).toEqual([
      { op: 'removed', text: a },
      { op: 'added', text: b },
    ]);
  });
});

describe('diffSides', () => {
  it('splits the runs into the old and the new text, changed characters marked on each side', () => {
    expect(diffSides('依法查处违法行为', '查处违法建设行为')).toEqual({
      from: [
        { text: '依法', changed: true },
        { text: '查处违法', changed: false },
        { text: '行为', changed: false },
      ],
      to: [
        { text: '查处违法', changed: false },
        { text: '建设', changed: true },
        { text: '行为', changed: false },
      ],
    });
  });
});
