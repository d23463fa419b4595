// A character-level diff of two texts, for showing what differs between an item's two wordings (the
// changes view marks the differing characters of each side). Characters are code points, not UTF-16
// units, so a CJK character outside the BMP is never split. Myers' O((N+M)·D) algorithm finds a
// shortest edit script; D is bounded so a pathological pair cannot take quadratic time and memory —
// past the bound the texts are shown as wholly different (true, and cheap).

export type DiffOp = 'same' | 'removed' | 'added';

/** A run of characters: `same` in both texts, `removed` from the first, `added` in the second. */
export interface DiffSegment {
  op: DiffOp;
  text: string;
}

/** Each side as runs of its own characters, `changed` marking those not shared with the other side. */
export interface SideSegment {
  text: string;
  changed: boolean;
}

/** Edits beyond which the texts are reported as replaced whole (duty names are under 200 characters). */
export const MAX_EDITS = 2_000;

function push(out: DiffSegment[], op: DiffOp, text: string): void {
  if (text === '') return;
  const last = out.at(-1);
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/**
 * The shortest edit script turning `from` into `to`, as runs of same / removed / added characters.
 * Joining the `same` and `removed` runs gives `from`; the `same` and `added` runs give `to`.
 */
export function charDiff(from: string, to: string, maxEdits = MAX_EDITS): DiffSegment[] {
  const a = [...from];
  const b = [...to];
  // Common prefix and suffix first: most rewordings touch a few characters of a long text.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const out: DiffSegment[] = [];
  push(out, 'same', a.slice(0, start).join(''));
  const middle = middleDiff(a.slice(start, endA), b.slice(start, endB), maxEdits);
  for (const segment of middle) push(out, segment.op, segment.text);
  push(out, 'same', a.slice(endA).join(''));
  return out;
}

/** Myers' greedy forward algorithm with the V arrays kept per D for the backtrack. */
function middleDiff(a: string[], b: string[], maxEdits: number): DiffSegment[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) {
    const out: DiffSegment[] = [];
    push(out, 'removed', a.join(''));
    push(out, 'added', b.join(''));
    return out;
  }
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const trace: Int32Array[] = [];
  let v = new Int32Array(2 * max + 3);
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(next);
    v = next;
  }
  if (found < 0)
    return [
      { op: 'removed', text: a.join('') },
      { op: 'added', text: b.join('') },
    ];
  // Backtrack from (n, m) through the saved frontiers, collecting runs in reverse.
  const reversed: DiffSegment[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && prev[offset + k - 1]! < prev[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > (down ? prevX : prevX + 1) && y > (down ? prevY + 1 : prevY)) {
      reversed.push({ op: 'same', text: a[x - 1]! });
      x -= 1;
      y -= 1;
    }
    if (down) reversed.push({ op: 'added', text: b[y - 1]! });
    else reversed.push({ op: 'removed', text: a[x - 1]! });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    reversed.push({ op: 'same', text: a[x - 1]! });
    x -= 1;
    y -= 1;
  }
  const out: DiffSegment[] = [];
  for (let i = reversed.length - 1; i >= 0; i--) push(out, reversed[i]!.op, reversed[i]!.text);
  return out;
}

/** The diff split into the two sides as they are shown side by side. */
export function diffSides(from: string, to: string): { from: SideSegment[]; to: SideSegment[] } {
  const segments = charDiff(from, to);
  const side = (keep: DiffOp) =>
    segments
      .filter((s) => s.op === 'same' || s.op === keep)
      .map((s) => ({ text: s.text, changed: s.op !== 'same' }));
  return { from: side('removed'), to: side('added') };
}
