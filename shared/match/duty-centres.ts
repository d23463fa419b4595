// The centres of duty clusters — each duty's most common normalised wording — in a similarity index
// that can grow. Clustering a set of texts from nothing (cluster-duties.ts) and assigning the texts of
// newly loaded towns to the duties a database already holds (etl/build-duties.ts) run the same loop
// over it, so the two agree wherever they see the same texts in the same order.
//
// Gram ids: the index needs one total order of grams, rarest first for short prefixes (similarity.ts).
// Each call that brings texts with grams never seen numbers those grams after every known one, rarest
// first among the new texts; known grams keep their ids. Every indexed set then stays sorted in one
// order that only ever grows at its end, so prefix filtering still misses no pair above the threshold.

import { bigrams, MATCH_THRESHOLD, SimilarityIndex } from './similarity.ts';

export interface DutyCentre {
  dutyId: number;
  /** The normalised text the duty's other texts are compared with. */
  text: string;
}

export class DutyCentres {
  private readonly gramIds = new Map<string, number>();
  private readonly index: SimilarityIndex;
  private readonly texts = new Map<number, string>();

  constructor(private readonly threshold: number = MATCH_THRESHOLD) {
    this.index = new SimilarityIndex(threshold);
  }

  /** Adds centres as they are (e.g. read back from a database), under their own duty ids. */
  addCentres(centres: readonly DutyCentre[]): void {
    const sets = this.gramSets(centres.map((centre) => centre.text));
    centres.forEach((centre, k) => this.addCentre(centre.dutyId, centre.text, sets[k]!));
  }

  get size(): number {
    return this.texts.size;
  }

  /**
   * Assigns distinct normalised texts to duties: in descending frequency (ties: input order), each
   * joins the most similar centre reaching the threshold (ties: the lower duty id) that `apart` does
   * not keep it from, else becomes the centre of a new duty with the id `newDuty` gives. Returns the
   * duty id of each text.
   */
  assign(
    texts: readonly string[],
    frequency: readonly number[],
    apart: (text: number, centreText: string) => boolean,
    newDuty: (text: number) => number,
  ): Int32Array {
    const order = texts.map((_, t) => t).sort((a, b) => frequency[b]! - frequency[a]! || a - b);
    const sets = this.gramSets(texts);
    const dutyOf = new Int32Array(texts.length);
    for (const t of order) {
      let best = -1;
      let bestScore = -1;
      for (const hit of this.index.find(sets[t]!)) {
        if (hit.score < bestScore || (hit.score === bestScore && hit.key > best)) continue;
        if (apart(t, this.texts.get(hit.key)!)) continue;
        best = hit.key;
        bestScore = hit.score;
      }
      if (best === -1) {
        best = newDuty(t);
        this.addCentre(best, texts[t]!, sets[t]!);
      }
      dutyOf[t] = best;
    }
    return dutyOf;
  }

  private addCentre(dutyId: number, text: string, grams: Int32Array): void {
    if (this.texts.has(dutyId)) throw new Error(`DutyCentres: duty ${dutyId} already has a centre`);
    this.texts.set(dutyId, text);
    this.index.add(dutyId, grams);
  }

  /** Ascending gram-id arrays of the texts, numbering unseen grams after the known ones (header). */
  private gramSets(texts: readonly string[]): Int32Array[] {
    const grams = texts.map(bigrams);
    const fresh = new Map<string, { count: number; first: number }>();
    for (const list of grams) {
      for (const gram of list) {
        if (this.gramIds.has(gram)) continue;
        const seen = fresh.get(gram);
        if (seen) seen.count += 1;
        else fresh.set(gram, { count: 1, first: fresh.size });
      }
    }
    const ordered = [...fresh].sort(([, a], [, b]) => a.count - b.count || a.first - b.first);
    for (const [gram] of ordered) this.gramIds.set(gram, this.gramIds.size);
    return grams.map((list) => Int32Array.from(list, (gram) => this.gramIds.get(gram)!).sort());
  }
}
