// clusterDuties() and divergentDuties() on many towns built from the seed with known divergences:
// each town drops some items, rewords some, adds its own; chosen duties are held in another list
// kind by a minority of towns. Precision and recall of the divergent set against that truth.

import { describe, expect, it } from 'vitest';
import { clusterDuties, divergentDuties, type TownItem } from '../../../shared/match/cluster-duties.ts';
import { planPlaces, prng } from '../../bench/generate.ts';
import { reword, STRENGTHS } from '../../support/reword.ts';
import { NEW_DUTIES } from './new-duties.ts';
import { LIST_KINDS, SEED_ITEMS, type ListKind } from './seed-items.ts';

const rehome = (text: string, town: string, county: string, city: string) =>
  text
    .replaceAll('阿龙山镇', town)
    .replaceAll('阿龙山', town.replace(/(镇|乡|街道|苏木)$/, ''))
    .replaceAll('根河市', county)
    .replaceAll('根河', county.replace(/(市|县|区|旗)$/, ''))
    .replaceAll('呼伦贝尔市', city);

interface Corpus {
  items: TownItem<ListKind>[];
  /** The duty each item truly is: a seed item's index, or 1000 + a new duty's index. */
  truth: number[];
  divergent: Set<number>;
}

function townsWithDivergences(towns: number, seed: number): Corpus {
  const random = prng(seed);
  const places = planPlaces(towns, seed);
  const chosen = new Map<number, { share: number; kind: ListKind }>();
  while (chosen.size < 25) {
    const i = Math.floor(random() * SEED_ITEMS.length);
    const others = LIST_KINDS.filter((k) => k !== SEED_ITEMS[i]!.kind);
    chosen.set(i, { share: 0.15 + random() * 0.35, kind: others[Math.floor(random() * others.length)]! });
  }
  const items: TownItem<ListKind>[] = [];
  const truth: number[] = [];
  for (const place of places) {
    const own = [place.town, place.county, place.city];
    SEED_ITEMS.forEach((seedItem, i) => {
      if (random() < 0.08) return;
      const moved = chosen.get(i);
      const kind = moved && random() < moved.share ? moved.kind : seedItem.kind;
      let text = rehome(seedItem.text, place.town, place.county, place.city);
      if (random() < 0.2) text = reword(text, STRENGTHS[Math.floor(random() * 3)]!, random);
      items.push({ id: `${place.index}-${seedItem.id}`, town: place.fullName, kind, text, places: own });
      truth.push(i);
    });
    for (let n = 0; n < 2; n++) {
      const d = Math.floor(random() * NEW_DUTIES.length);
      items.push({
        id: `${place.index}-new-${n}`,
        town: place.fullName,
        kind: LIST_KINDS[d % 3]!,
        text: NEW_DUTIES[d]!,
        places: own,
      });
      truth.push(1000 + d);
    }
  }
  // The true divergent duties, from what was generated: in ≥ 2 towns, held in ≥ 2 kinds.
  const held = new Map<number, Map<ListKind, Set<string>>>();
  items.forEach((item, k) => {
    const byKind = held.get(truth[k]!) ?? new Map<ListKind, Set<string>>();
    held.set(truth[k]!, byKind);
    byKind.set(item.kind, (byKind.get(item.kind) ?? new Set()).add(item.town));
  });
  const divergent = new Set(
    [...held]
      .filter(
        ([, byKind]) => byKind.size >= 2 && new Set([...byKind.values()].flatMap((s) => [...s])).size >= 2,
      )
      .map(([d]) => d),
  );
  return { items, truth, divergent };
}

describe('clusterDuties on 120 towns with 25 known divergent duties', () => {
  const corpus = townsWithDivergences(120, 7);
  const clustering = clusterDuties(corpus.items, { kindOrder: LIST_KINDS });
  // Each cluster stands for the duty most of its items truly are.
  const members = new Map<number, Map<number, number>>();
  clustering.dutyOfItem.forEach((d, k) => {
    const counts = members.get(d) ?? new Map<number, number>();
    members.set(d, counts);
    counts.set(corpus.truth[k]!, (counts.get(corpus.truth[k]!) ?? 0) + 1);
  });
  const majority = (d: number) => [...members.get(d)!].sort((a, b) => b[1] - a[1])[0]![0];

  it('keeps items of different duties apart and most rewordings together', () => {
    let pure = 0;
    for (const counts of members.values()) pure += Math.max(...counts.values());
    const purity = pure / corpus.items.length;
    const dutiesTrue = new Set(corpus.truth).size;
    console.log(
      `${corpus.items.length} items, ${clustering.distinctTexts} distinct texts, ${clustering.duties.length} clusters for ${dutiesTrue} true duties, purity ${purity.toFixed(4)}`,
    );
    expect(clustering.towns).toBe(120);
    expect(purity).toBeGreaterThanOrEqual(0.999);
    // Strong rewordings of short names can start clusters of their own; the seed's 181 duties and
    // the 30 new ones are each the majority of exactly one of the clusters with more than one town.
    const big = clustering.duties.filter((d) => d.towns >= 2);
    expect(new Set(big.map((d) => majority(d.dutyId))).size).toBe(dutiesTrue);
  });

  it('finds the divergent duties with precision and recall ≥ 0.95', () => {
    const found = divergentDuties(clustering);
    const seen = new Set<number>();
    let correct = 0;
    for (const duty of found) {
      const d = majority(duty.dutyId);
      if (corpus.divergent.has(d) && !seen.has(d)) correct += 1;
      seen.add(d);
    }
    const precision = correct / found.length;
    const recall = correct / corpus.divergent.size;
    console.log(
      `divergent: ${corpus.divergent.size} true, ${found.length} found, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    expect(corpus.divergent.size).toBe(25);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('orders divergent duties most split first, with towns per kind and one example per kind', () => {
    const found = divergentDuties(clustering);
    for (let k = 1; k < found.length; k++) expect(found[k]!.split).toBeLessThanOrEqual(found[k - 1]!.split);
    for (const duty of found) {
      const kindsHeld = LIST_KINDS.filter((kind) => duty.kinds[kind] > 0);
      expect(duty.examples.map((e) => e.kind)).toEqual(kindsHeld);
      expect(duty.towns).toBeLessThanOrEqual(120);
      expect(Math.max(...kindsHeld.map((kind) => duty.kinds[kind]))).toBeLessThan(duty.towns);
    }
  });
});
