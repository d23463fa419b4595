// Identical normalised texts handled once: most towns copy most items from a common template, so a
// national database's millions of items have a few hundred thousand distinct texts. Used by the whole
// clustering (cluster-duties.ts) and by the load's incremental one (etl/build-duties.ts).

export interface DistinctTexts {
  /** Each distinct text, in the order first seen. */
  texts: string[];
  /** How many items use each text. */
  frequency: number[];
  /** The first item using each text. */
  firstItem: number[];
  /** The text of each item (an index into texts). */
  textOfItem: Int32Array;
  /** Each text's index in texts. */
  indexOf: Map<string, number>;
}

/** The distinct texts of `count` items, `textOf(i)` being item i's normalised text. */
export function distinctTexts(count: number, textOf: (item: number) => string): DistinctTexts {
  const indexOf = new Map<string, number>();
  const texts: string[] = [];
  const frequency: number[] = [];
  const firstItem: number[] = [];
  const textOfItem = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const text = textOf(i);
    let t = indexOf.get(text);
    if (t === undefined) {
      t = texts.length;
      indexOf.set(text, t);
      texts.push(text);
      frequency.push(0);
      firstItem.push(i);
    }
    frequency[t]! += 1;
    textOfItem[i] = t;
  }
  return { texts, frequency, firstItem, textOfItem, indexOf };
}
