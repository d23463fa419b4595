// The same duty across towns: items of many towns grouped into duty clusters, and the clusters
// whose list kind differs from town to town (behind /api/duties/divergent).
//
// Built to run on every item of a national database (millions of items):
//  - each item's text is normalised with its own town's place names, and identical normalised
//    texts are handled once (most towns copy most items from a common template);
//  - distinct texts are taken in descending order of how many items use them; each joins the
//    most similar existing cluster centre (Dice ≥ threshold, found through the prefix-filtered
//    SimilarityIndex of duty-centres.ts, never by comparing every pair) or becomes a new centre. Centres are the most
//    common wording of their duty, which is also its label, and comparing with centres only keeps
//    chains of small rewordings from drifting one duty into another. A text never joins a centre
//    that a town holding the text also holds: two items of one town's lists are two duties, however
//    alike (外来入侵物种普查 and 外来入侵物种监督管理 score 0.6 but are different duties of the seed);
//  - per-item state is kept in typed arrays, and towns are counted town by town.
// A duty is divergent when it is present in at least two towns and at least two list kinds hold
// it somewhere; `split` (1 − the largest kind's share of the duty's town-kind count) orders them,
// most split first.

import type { ItemId } from './compare-editions.ts';
import { normaliseForm, placeNameForms, removePlaceNames } from './normalise.ts';
import { distinctTexts } from './distinct-texts.ts';
import { DutyCentres } from './duty-centres.ts';
import { MATCH_THRESHOLD } from './similarity.ts';

export interface TownItem<K extends string> {
  id: ItemId;
  town: string;
  kind: K;
  text: string;
  /** The town's own place names for normalise(); share one array per town. */
  places?: readonly string[];
}

export interface DutyExample<K extends string> {
  town: string;
  kind: K;
  itemId: ItemId;
  text: string;
}

export interface DutyCluster<K extends string> {
  dutyId: number;
  /** The most common wording (an item text as written). */
  label: string;
  items: number;
  towns: number;
  /** Towns holding the duty in each kind (a town holding it in two kinds counts in both). */
  kinds: Record<K, number>;
  /** 1 − the largest kind's share of the town-kind counts: 0 when every town agrees. */
  split: number;
  /** One item per kind that holds the duty, in kindOrder. */
  examples: DutyExample<K>[];
}

export interface DutyClustering<K extends string> {
  items: number;
  towns: number;
  distinctTexts: number;
  duties: DutyCluster<K>[];
  /** The duty id of each input item, in input order. */
  dutyOfItem: Int32Array;
}

export interface ClusterOptions<K extends string> {
  kindOrder: readonly K[];
  threshold?: number;
}

/** Clusters the items of many towns into duties (rules in the header). */
export function clusterDuties<K extends string>(
  items: readonly TownItem<K>[],
  options: ClusterOptions<K>,
): DutyClustering<K> {
  const kinds = options.kindOrder;
  const kindCount = kinds.length;
  const kindIndex = new Map(kinds.map((k, i) => [k, i]));
  const townIndex = new Map<string, number>();
  const formsOf = new Map<string, string[]>();
  const formCache = new Map<string, string>();
  const townOfItem = new Int32Array(items.length);
  const kindOfItem = new Uint8Array(items.length);

  const {
    texts: distinct,
    frequency,
    firstItem,
    textOfItem,
    indexOf: textIndex,
  } = distinctTexts(items.length, (i) => {
    const item = items[i]!;
    const kind = kindIndex.get(item.kind);
    if (kind === undefined)
      throw new Error(`clusterDuties: item ${item.id} has kind "${item.kind}", not in kindOrder`);
    kindOfItem[i] = kind;
    let town = townIndex.get(item.town);
    if (town === undefined) townIndex.set(item.town, (town = townIndex.size));
    townOfItem[i] = town;
    const placesKey = (item.places ?? []).join('\u0001');
    let forms = formsOf.get(placesKey);
    if (!forms) formsOf.set(placesKey, (forms = placeNameForms(item.places ?? [])));
    let form = formCache.get(item.text);
    if (form === undefined) formCache.set(item.text, (form = normaliseForm(item.text)));
    return removePlaceNames(form, forms);
  });
  formCache.clear();

  // Towns of each distinct text (ascending, distinct), for the one-town-two-duties rule.
  const townCount = townIndex.size;
  const start = new Int32Array(townCount + 1);
  for (let i = 0; i < items.length; i++) start[townOfItem[i]! + 1]! += 1;
  for (let t = 0; t < townCount; t++) start[t + 1]! += start[t]!;
  const byTown = new Int32Array(items.length);
  const fill = start.slice(0, townCount);
  for (let i = 0; i < items.length; i++) byTown[fill[townOfItem[i]!]!++] = i;
  const textTownStart = new Int32Array(distinct.length + 1);
  const lastTown = new Int32Array(distinct.length).fill(-1);
  for (const i of byTown) {
    const t = textOfItem[i]!;
    if (lastTown[t] === townOfItem[i]) continue;
    lastTown[t] = townOfItem[i]!;
    textTownStart[t + 1]! += 1;
  }
  for (let t = 0; t < distinct.length; t++) textTownStart[t + 1]! += textTownStart[t]!;
  const textTowns = new Int32Array(textTownStart[distinct.length]!);
  const textFill = textTownStart.slice(0, distinct.length);
  lastTown.fill(-1);
  for (const i of byTown) {
    const t = textOfItem[i]!;
    if (lastTown[t] === townOfItem[i]) continue;
    lastTown[t] = townOfItem[i]!;
    textTowns[textFill[t]!++] = townOfItem[i]!;
  }
  const townsOf = (t: number) => textTowns.subarray(textTownStart[t]!, textTownStart[t + 1]!);
  const shareTown = (a: number, centre: string) => {
    const [small, large] = [townsOf(a), townsOf(textIndex.get(centre)!)].sort(
      (x, y) => x.length - y.length,
    ) as [Int32Array, Int32Array];
    return small.some((town) => binarySearch(large, town));
  };

  // Centres numbered in the order they are made: duty ids.
  let centres = 0;
  const dutyOfText = new DutyCentres(options.threshold ?? MATCH_THRESHOLD).assign(
    distinct,
    frequency,
    shareTown,
    () => centres++,
  );
  textIndex.clear();
  const dutyCount = dutyOfText.reduce((max, d) => Math.max(max, d + 1), 0);
  const dutyOfItem = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) dutyOfItem[i] = dutyOfText[textOfItem[i]!]!;

  // Label: the centre's first item (the centre is the duty's most common text).
  const labelItem = new Int32Array(dutyCount).fill(-1);
  dutyOfText.forEach((d, t) => {
    if (labelItem[d] === -1) labelItem[d] = firstItem[t]!;
  });

  // Towns per duty and per duty × kind, counted town by town.
  const towns = new Int32Array(dutyCount);
  const kindTowns = new Int32Array(dutyCount * kindCount);
  const example = new Int32Array(dutyCount * kindCount).fill(-1);
  const dutySeen = new Int32Array(dutyCount).fill(-1);
  const kindSeen = new Int32Array(dutyCount * kindCount).fill(-1);
  for (let t = 0; t < townCount; t++) {
    for (let p = start[t]!; p < start[t + 1]!; p++) {
      const i = byTown[p]!;
      const d = dutyOfItem[i]!;
      const slot = d * kindCount + kindOfItem[i]!;
      if (dutySeen[d] !== t) {
        dutySeen[d] = t;
        towns[d]! += 1;
      }
      if (kindSeen[slot] !== t) {
        kindSeen[slot] = t;
        kindTowns[slot]! += 1;
      }
      if (example[slot] === -1 || i < example[slot]!) example[slot] = i;
    }
  }

  const itemsPerDuty = new Int32Array(dutyCount);
  for (let i = 0; i < items.length; i++) itemsPerDuty[dutyOfItem[i]!]! += 1;
  const duties: DutyCluster<K>[] = [];
  for (let d = 0; d < dutyCount; d++) {
    const counts = {} as Record<K, number>;
    let total = 0;
    let largest = 0;
    const examples: DutyExample<K>[] = [];
    kinds.forEach((kind, k) => {
      const n = kindTowns[d * kindCount + k]!;
      counts[kind] = n;
      total += n;
      largest = Math.max(largest, n);
      const e = example[d * kindCount + k]!;
      if (e !== -1) {
        const item = items[e]!;
        examples.push({ town: item.town, kind: item.kind, itemId: item.id, text: item.text });
      }
    });
    duties.push({
      dutyId: d,
      label: items[labelItem[d]!]!.text,
      items: itemsPerDuty[d]!,
      towns: towns[d]!,
      kinds: counts,
      split: total === 0 ? 0 : 1 - largest / total,
      examples,
    });
  }
  return { items: items.length, towns: townCount, distinctTexts: distinct.length, duties, dutyOfItem };
}

function binarySearch(sorted: Int32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const x = sorted[mid]!;
    if (x === value) return true;
    if (x < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** Duties in at least two towns held in at least two kinds, most split first (then most towns). */
export function divergentDuties<K extends string>(clustering: DutyClustering<K>): DutyCluster<K>[] {
  return clustering.duties
    .filter((duty) => duty.towns >= 2 && Object.values<number>(duty.kinds).filter((n) => n > 0).length >= 2)
    .sort((a, b) => b.split - a.split || b.towns - a.towns || a.dutyId - b.dutyId);
}
