// How wide text draws, estimated without font metrics (there is no DOM where charts are exported): a CJK
// character is about one em wide, Latin letters and digits a bit over half. Pure; shared by the export
// captions' line breaking and the charts' category labels.

const isWide = (char: string) => (char.codePointAt(0) ?? 0) > 0x2e80;

/** About how wide `text` is at `fontSize` px. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const char of text) em += isWide(char) ? 1 : 0.6;
  return em * fontSize;
}

/** About how wide the longest word of these labels is at `fontSize` px (lines break between words). */
export function longestWordWidth(labels: readonly string[], fontSize: number): number {
  let widest = 0;
  for (const label of labels)
    for (const word of label.split(/\s+/)) widest = Math.max(widest, textWidth(word, fontSize));
  return widest;
}
