// Similarity of two normalised duty texts, and an index that finds, among many texts, those
// similar to a given one without comparing every pair.
//
// Measure: the Dice coefficient of the sets of character bigrams of the two texts, each text
// padded with a start and an end mark (so 殡葬管理 has ^殡 殡葬 葬管 管理 理$, and a one-character
// text still has two grams). Characters, not bytes: a Chinese character is one code point here,
// where DuckDB's jaccard/levenshtein would see three UTF-8 bytes.
//
// Index: prefix filtering (Chaudhuri et al. 2006; Bayardo et al. "AllPairs" 2007). Grams are
// ranked rarest first over the texts the index is built for. Dice ≥ t is Jaccard ≥ j = t/(2−t);
// two sets with Jaccard ≥ j share at least one gram among the first |A| − ⌈j·|A|⌉ + 1 of each
// (in that one global order), so only those prefix grams are indexed and probed, and the sizes
// must lie within [j·|A|, |A|/j]. Every candidate is then scored exactly. No pair above the
// threshold is missed; frequent grams (处罚, 工作) mostly fall outside the prefixes.

/**
 * Two normalised texts whose Dice score reaches this are the same duty reworded. Chosen on the
 * labelled pairs in tests/fixtures/match/labelled-pairs.json (see shared/match/README.md for the
 * precision and recall there; tests/shared/match/threshold.test.ts re-derives it).
 */
export const MATCH_THRESHOLD = 0.55;

const START = '\u0002';
const END = '\u0003';

/** The distinct padded character bigrams of a text. */
export function bigrams(text: string): string[] {
  const chars = [START, ...text, END];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** Dice coefficient of the bigram sets of two normalised texts (1 when equal). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const left = new Set(bigrams(a));
  const right = bigrams(b);
  let shared = 0;
  for (const gram of right) if (left.has(gram)) shared += 1;
  return (2 * shared) / (left.size + right.length);
}

/** Dice of two ascending arrays of gram ids. */
export function diceOfSorted(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return (2 * shared) / (a.length + b.length);
}

/**
 * Gram sets of many texts as ascending arrays of gram ids, where a lower id is a rarer gram
 * (document frequency over these texts), so the first grams of each array are its prefix.
 */
export function gramSets(texts: readonly string[]): Int32Array[] {
  const idOf = new Map<string, number>();
  const frequency: number[] = [];
  const raw = texts.map((text) => {
    const grams = bigrams(text);
    const ids = new Int32Array(grams.length);
    grams.forEach((gram, k) => {
      let id = idOf.get(gram);
      if (id === undefined) {
        id = frequency.length;
        idOf.set(gram, id);
        frequency.push(0);
      }
      frequency[id]! += 1;
      ids[k] = id;
    });
    return ids;
  });
  // Re-number by ascending frequency (ties by first appearance, so the result is deterministic).
  const order = frequency.map((_, id) => id).sort((a, b) => frequency[a]! - frequency[b]! || a - b);
  const rank = new Int32Array(frequency.length);
  order.forEach((id, r) => (rank[id] = r));
  return raw.map((ids) => ids.map((id) => rank[id]!).sort());
}

const jaccardOf = (dice: number) => dice / (2 - dice);
/** How many of a set's rarest grams must be indexed / probed for a Dice threshold. */
const prefixLength = (size: number, dice: number) => size - Math.ceil(jaccardOf(dice) * size - 1e-9) + 1;

/**
 * Texts added one by one (as gram-id arrays from one gramSets call); find returns those whose
 * Dice with a probe reaches the threshold. Only the prefix grams are kept in the postings.
 */
export class SimilarityIndex {
  private readonly postings = new Map<number, number[]>();
  private readonly sets: Int32Array[] = [];
  private readonly keys: number[] = [];
  private stamp = 0;
  private marks = new Int32Array(0);

  constructor(private readonly threshold: number = MATCH_THRESHOLD) {}

  /** Adds a text under a caller's key (e.g. its position in the caller's array). */
  add(key: number, grams: Int32Array): void {
    const slot = this.sets.length;
    this.sets.push(grams);
    this.keys.push(key);
    const prefix = prefixLength(grams.length, this.threshold);
    for (let k = 0; k < prefix && k < grams.length; k++) {
      const gram = grams[k]!;
      const list = this.postings.get(gram);
      if (list) list.push(slot);
      else this.postings.set(gram, [slot]);
    }
  }

  /** The keys of indexed texts with Dice ≥ threshold to the probe, with their scores. */
  find(grams: Int32Array): { key: number; score: number }[] {
    if (this.marks.length < this.sets.length) {
      const grown = new Int32Array(Math.max(1024, this.sets.length * 2));
      grown.set(this.marks);
      this.marks = grown;
    }
    this.stamp += 1;
    const j = jaccardOf(this.threshold);
    const low = j * grams.length - 1e-9;
    const high = grams.length / j + 1e-9;
    const found: { key: number; score: number }[] = [];
    const prefix = prefixLength(grams.length, this.threshold);
    for (let k = 0; k < prefix && k < grams.length; k++) {
      const list = this.postings.get(grams[k]!);
      if (!list) continue;
      for (const slot of list) {
        if (this.marks[slot] === this.stamp) continue;
        this.marks[slot] = this.stamp;
        const other = this.sets[slot]!;
        if (other.length < low || other.length > high) continue;
        const score = diceOfSorted(grams, other);
        if (score >= this.threshold) found.push({ key: this.keys[slot]!, score });
      }
    }
    return found;
  }

  get size(): number {
    return this.sets.length;
  }
}
