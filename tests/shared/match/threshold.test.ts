// The matching threshold, re-derived on the labelled pairs the tests keep
// (tests/fixtures/match/labelled-pairs.json plus every pair of two different seed items).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalise } from '../../../shared/match/normalise.ts';
import { MATCH_THRESHOLD, similarity } from '../../../shared/match/similarity.ts';
import { SEED_ITEMS, SEED_PLACES } from './seed-items.ts';

interface Labelled {
  same: [string, string, string][];
  different: [string, string, string][];
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'match', 'labelled-pairs.json'), 'utf8'),
) as Labelled;

const context = { places: SEED_PLACES };
const score = (a: string, b: string) => similarity(normalise(a, context), normalise(b, context));
const seedPairs: [string, string][] = SEED_ITEMS.flatMap((a, i) =>
  SEED_ITEMS.slice(i + 1).map((b): [string, string] => [a.text, b.text]),
);
const positives = fixture.same.map(([a, b]) => score(a, b));
const negatives = [
  ...fixture.different.map(([a, b]) => score(a, b)),
  ...seedPairs.map(([a, b]) => score(a, b)),
];

function quality(threshold: number) {
  const tp = positives.filter((s) => s >= threshold).length;
  const fp = negatives.filter((s) => s >= threshold).length;
  const precision = tp / (tp + fp);
  const recall = tp / positives.length;
  return { threshold, precision, recall, f1: (2 * precision * recall) / (precision + recall), tp, fp };
}

describe('MATCH_THRESHOLD on the labelled pairs', () => {
  it('holds the labelled set as documented: 276 same-duty pairs, 16,322 different-duty pairs', () => {
    expect(positives).toHaveLength(276);
    expect(negatives).toHaveLength(16_322);
    expect(seedPairs).toHaveLength(16_290);
  });

  it('is the threshold with the best F1 over 0.30 … 0.90 (ties: the higher)', () => {
    const grid = Array.from({ length: 61 }, (_, k) => quality((30 + k) / 100));
    const best = grid.reduce((a, b) => (b.f1 >= a.f1 ? b : a));
    console.log(
      grid
        .filter((q) => q.threshold >= 0.45 && q.threshold <= 0.7)
        .map(
          (q) =>
            `${q.threshold.toFixed(2)}  P ${q.precision.toFixed(3)}  R ${q.recall.toFixed(3)}  F1 ${q.f1.toFixed(3)}`,
        )
        .join('\n'),
    );
    expect(best.threshold).toBeCloseTo(MATCH_THRESHOLD, 5);
  });

  it('finds 266 of the 276 same-duty pairs there with 15 false matches (precision 0.947, recall 0.964)', () => {
    const q = quality(MATCH_THRESHOLD);
    console.log(
      `threshold ${MATCH_THRESHOLD}: precision ${q.precision.toFixed(3)} (${q.fp} false matches), recall ${q.recall.toFixed(3)}`,
    );
    expect([q.tp, q.fp]).toEqual([266, 15]);
  });
});
