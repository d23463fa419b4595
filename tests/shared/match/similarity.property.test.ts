// The prefix-filtered index finds exactly the pairs a full comparison finds, and the measure
// counts characters, not bytes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bigrams,
  gramSets,
  similarity,
  SimilarityIndex,
  diceOfSorted,
} from '../../../shared/match/similarity.ts';

// A small alphabet, so random texts share many grams.
const text = fc.string({ unit: fc.constantFrom(...'安全生产监督管理工作保护'), minLength: 0, maxLength: 14 });

describe('similarity', () => {
  it('is the Dice of padded character bigrams', () => {
    expect(bigrams('殡葬管理')).toEqual(['\u0002殡', '殡葬', '葬管', '管理', '理\u0003']);
    // ^殡 殡葬 葬管 管理 理$ vs the same plus 理工 工作 作$ (less 理$): 4 shared of 5 + 7.
    expect(similarity('殡葬管理', '殡葬管理工作')).toBeCloseTo(8 / 12, 12);
    expect(similarity('职业病防控防治', '传染病防控防治')).toBeCloseTo(10 / 16, 12);
    expect(similarity('', '')).toBe(1);
  });

  it('agrees with the gram-id form', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const [x, y] = gramSets([a, b]) as [Int32Array, Int32Array];
        expect(diceOfSorted(x, y)).toBeCloseTo(similarity(a, b), 12);
      }),
    );
  });

  it('SimilarityIndex.find returns exactly the texts a full comparison finds', () => {
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(0.4, 0.55, 0.7, 0.9),
        (texts, threshold) => {
          const sets = gramSets(texts);
          const index = new SimilarityIndex(threshold);
          texts.forEach((_, k) => index.add(k, sets[k]!));
          texts.forEach((probe, p) => {
            const found = index
              .find(sets[p]!)
              .map((hit) => hit.key)
              .sort((a, b) => a - b);
            const expected = texts.flatMap((other, k) => (similarity(probe, other) >= threshold ? [k] : []));
            expect(found).toEqual(expected);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
