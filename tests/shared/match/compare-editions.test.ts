// compareEditions(): the seed against itself, and edition pairs built from the seed with known
// changes (moves in every direction, rewordings of three strengths and by hand, form-only edits, additions,
// removals), scored per change class.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareEditions,
  MUTUAL_FLOOR,
  type ItemId,
  type MatchItem,
} from '../../../shared/match/compare-editions.ts';
import { prng } from '../../bench/generate.ts';
import { reform, reword, STRENGTHS } from '../../support/reword.ts';
import { NEW_DUTIES } from './new-duties.ts';
import { LIST_KINDS, SEED_ITEMS, SEED_PLACES, type ListKind } from './seed-items.ts';

const context = { places: SEED_PLACES };
// Hand-written rewordings of seed items (the same-duty pairs of the labelled set).
const HAND_REWORDINGS = new Map(
  (
    JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'match', 'labelled-pairs.json'), 'utf8'),
    ) as { same: [string, string, string][] }
  ).same.flatMap(([a, b, how]) => (how === 'hand' ? [[a, b] as const] : [])),
);
const options = { kindOrder: LIST_KINDS, fromContext: context, toContext: context };

describe('compareEditions on the seed against itself', () => {
  it('finds 181 unchanged and nothing else', () => {
    const result = compareEditions(SEED_ITEMS, SEED_ITEMS, options);
    expect(result.counts).toEqual({ added: 0, removed: 0, moved: 0, reworded: 0, unchanged: 181 });
    expect(result.changes).toEqual([]);
    expect(result.burdenBack).toBe(0);
    expect(result.unchanged.every((pair) => pair.fromItemId === pair.toItemId)).toBe(true);
  });
});

type Truth = 'unchanged' | 'reworded' | 'moved' | 'removed' | 'added';
const CLASSES: readonly Truth[] = ['moved', 'reworded', 'added', 'removed', 'unchanged'];

interface EditionPair {
  to: MatchItem<ListKind>[];
  /** "class from→to" for every item of both editions. */
  truth: Set<string>;
  injected: number;
}

const key = (change: Truth, from: ItemId | null, to: ItemId | null) =>
  `${change} ${from ?? '-'}→${to ?? '-'}`;

/** A later edition of the seed with known changes; deterministic in `seed`. */
function editionWithChanges(seed: number): EditionPair {
  const random = prng(seed);
  const order = SEED_ITEMS.map((_, i) => i).sort(() => random() - 0.5);
  const take = (n: number, kind?: ListKind) => {
    const picked: number[] = [];
    for (let k = 0; k < order.length && picked.length < n; k++) {
      const i = order[k]!;
      if (kind === undefined || SEED_ITEMS[i]!.kind === kind) picked.push(i);
    }
    for (const i of picked) order.splice(order.indexOf(i), 1);
    return picked;
  };
  const to: MatchItem<ListKind>[] = [];
  const truth = new Set<string>();
  let injected = 0;
  const keep = (i: number, kind: ListKind, text: string, change: Truth) => {
    const id = `new-${to.length}`;
    to.push({ id, kind, text });
    truth.add(key(change, SEED_ITEMS[i]!.id, id));
    if (change !== 'unchanged') injected += 1;
  };
  // Moves in all six directions, every second one also reworded.
  for (const from of LIST_KINDS) {
    for (const target of LIST_KINDS.filter((k) => k !== from)) {
      take(3, from).forEach((i, n) => {
        const text = SEED_ITEMS[i]!.text;
        keep(i, target, n % 2 === 0 ? text : reword(text, 'light', random), 'moved');
      });
    }
  }
  // Rewordings of three strengths and by hand, and form-only edits that must stay unchanged.
  for (const strength of STRENGTHS) {
    for (const i of take(6))
      keep(i, SEED_ITEMS[i]!.kind, reword(SEED_ITEMS[i]!.text, strength, random), 'reworded');
  }
  const handWritten = order.filter((i) => HAND_REWORDINGS.has(SEED_ITEMS[i]!.text)).slice(0, 6);
  for (const i of handWritten) {
    order.splice(order.indexOf(i), 1);
    keep(i, SEED_ITEMS[i]!.kind, HAND_REWORDINGS.get(SEED_ITEMS[i]!.text)!, 'reworded');
  }
  for (const i of take(8))
    keep(i, SEED_ITEMS[i]!.kind, reform(SEED_ITEMS[i]!.text, random, '阿龙山镇'), 'unchanged');
  // Removals, then the untouched rest, then additions.
  for (const i of take(10)) {
    truth.add(key('removed', SEED_ITEMS[i]!.id, null));
    injected += 1;
  }
  for (const i of [...order]) keep(i, SEED_ITEMS[i]!.kind, SEED_ITEMS[i]!.text, 'unchanged');
  for (let n = 0; n < 8; n++) {
    const text = NEW_DUTIES[Math.floor(random() * NEW_DUTIES.length)]!;
    if (to.some((item) => item.text === text)) continue;
    const id = `new-${to.length}`;
    to.push({ id, kind: LIST_KINDS[n % 3]!, text });
    truth.add(key('added', null, id));
    injected += 1;
  }
  // A new edition prints its items in its own order.
  return { to: to.sort(() => random() - 0.5), truth, injected };
}

describe('compareEditions on seed editions with injected changes', () => {
  // Seeds 200–239: apart from the pairs MUTUAL_FLOOR was chosen on (100–139).
  const pairs = Array.from({ length: 40 }, (_, k) => editionWithChanges(200 + k));
  const found = new Set<string>();
  const expected = new Set<string>();
  pairs.forEach((pair, p) => {
    const result = compareEditions(SEED_ITEMS, pair.to, options);
    for (const c of result.changes) found.add(`${p} ${key(c.change, c.fromItemId, c.toItemId)}`);
    for (const u of result.unchanged) found.add(`${p} ${key('unchanged', u.fromItemId, u.toItemId)}`);
    for (const t of pair.truth) expected.add(`${p} ${t}`);
  });

  it('injects at least 200 changes', () => {
    const injected = pairs.reduce((sum, pair) => sum + pair.injected, 0);
    console.log(`${injected} injected changes in ${pairs.length} edition pairs`);
    expect(injected).toBeGreaterThanOrEqual(200);
  });

  it('finds every change class with precision and recall ≥ 0.95', () => {
    const rows = CLASSES.map((change) => {
      const ofClass = (set: Set<string>) => [...set].filter((k) => k.split(' ')[1] === change);
      const predicted = ofClass(found);
      const actual = ofClass(expected);
      const hits = predicted.filter((k) => expected.has(k)).length;
      return {
        change,
        actual: actual.length,
        predicted: predicted.length,
        precision: hits / predicted.length,
        recall: hits / actual.length,
      };
    });
    console.table(
      rows.map((r) => ({ ...r, precision: r.precision.toFixed(3), recall: r.recall.toFixed(3) })),
    );
    for (const row of rows) {
      expect(row.precision, `${row.change} precision`).toBeGreaterThanOrEqual(0.95);
      expect(row.recall, `${row.change} recall`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('marks burden back exactly the moves towards the town, and lists them first', () => {
    const result = compareEditions(SEED_ITEMS, pairs[0]!.to, options);
    const rank = (kind: ListKind | null) => LIST_KINDS.indexOf(kind as ListKind);
    const moves = result.changes.filter((c) => c.change === 'moved');
    expect(moves.length).toBeGreaterThan(0);
    for (const c of result.changes)
      expect(c.burdenBack).toBe(c.change === 'moved' && rank(c.toKind) < rank(c.fromKind));
    // Three moves per direction, three directions towards the town (reclaimed → cooperative/basic, cooperative → basic).
    expect(result.burdenBack).toBe(9);
    expect(result.changes.slice(0, 9).every((c) => c.burdenBack)).toBe(true);
    for (const c of result.changes) {
      if (c.change === 'added' || c.change === 'removed') expect(c.similarity).toBeNull();
      else expect(c.similarity).toBeGreaterThanOrEqual(MUTUAL_FLOOR);
    }
  });
});

describe('compareEditions edge cases', () => {
  const item = (id: string, kind: ListKind, text: string): MatchItem<ListKind> => ({ id, kind, text });

  it('reports everything added against an empty edition, and everything removed the other way', () => {
    expect(compareEditions([], SEED_ITEMS, options).counts).toEqual({
      added: 181,
      removed: 0,
      moved: 0,
      reworded: 0,
      unchanged: 0,
    });
    expect(compareEditions(SEED_ITEMS, [], options).counts).toEqual({
      added: 0,
      removed: 181,
      moved: 0,
      reworded: 0,
      unchanged: 0,
    });
  });

  it('matches one to one: a duty listed twice and kept once leaves one removal', () => {
    const result = compareEditions(
      [item('a', 'basic', '殡葬管理'), item('b', 'basic', '殡葬管理')],
      [item('x', 'basic', '殡葬管理')],
      options,
    );
    expect(result.counts).toMatchObject({ unchanged: 1, removed: 1 });
    expect(result.changes.map((c) => [c.change, c.fromItemId])).toEqual([['removed', 'b']]);
  });

  it('pairs an equal text within its own kind before calling it a move', () => {
    const result = compareEditions(
      [item('a', 'cooperative', '殡葬管理')],
      [item('x', 'basic', '殡葬管理'), item('y', 'cooperative', '殡葬管理')],
      options,
    );
    expect(result.unchanged).toEqual([{ fromItemId: 'a', toItemId: 'y' }]);
    expect(result.changes.map((c) => [c.change, c.toItemId])).toEqual([['added', 'x']]);
  });

  it('reports a reclaimed duty coming back reworded as a burden-back move with its score', () => {
    const result = compareEditions(
      [item('a', 'reclaimed', '对违规领取80岁以上高龄津贴的追缴')],
      [item('x', 'cooperative', '追缴违规领取的80岁以上高龄津贴工作')],
      options,
    );
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0]).toMatchObject({
      change: 'moved',
      fromKind: 'reclaimed',
      toKind: 'cooperative',
      burdenBack: true,
    });
    // 18 + 19 padded bigrams, 12 shared (违规 … 津贴 and 追缴): Dice 24/37.
    expect(result.changes[0]!.similarity).toBeCloseTo(24 / 37, 10);
  });

  it('names a kind missing from kindOrder', () => {
    const bad = [{ id: 'a', kind: 'template' as ListKind, text: '殡葬管理' }];
    expect(() => compareEditions(bad, [item('x', 'basic', '殡葬管理')], options)).toThrow(
      /kind "template" is not in kindOrder/,
    );
  });
});
