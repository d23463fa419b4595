// Penalty powers (行政处罚). Six basic items of the seed bundle several penalty clauses that the
// town keeps, each marked "*" and separated by ";" or "；". A fragment that does not end in 处罚
// is the first half of a clause that was split by a stray separator, so it joins the next one.

const CLAUSE_SEPARATOR = /[;；]/;

/** True when a basic item's text is a bundle of "*"-marked penalty clauses. */
export function isPenaltyBundle(text: string): boolean {
  return /^\s*[*＊]/.test(text);
}

/** True when a reclaimed item is a penalty power: its name reads 对…的处罚. */
export function isPenaltyItemName(name: string): boolean {
  return /^对.+的处罚[。.]?$/.test(name.trim());
}

/** Splits a bundle into clauses, stars and final full stops removed. */
export function splitPenaltyClauses(text: string): string[] {
  const clauses: string[] = [];
  let pending: string[] = [];
  for (const raw of text.split(CLAUSE_SEPARATOR)) {
    const fragment = raw
      .trim()
      .replace(/^[*＊]\s*/, '')
      .replace(/[。.]+$/, '')
      .trim();
    if (fragment === '') continue;
    pending.push(fragment);
    if (fragment.endsWith('处罚')) {
      clauses.push(pending.join('；'));
      pending = [];
    }
  }
  if (pending.length > 0) clauses.push(pending.join('；'));
  return clauses;
}
