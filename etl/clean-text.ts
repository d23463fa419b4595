// Cell text helpers: the published cells hold HTML fragments (<p>, <ol>, <li>) and numbered
// steps written inline ("1.… 2.…"). We store clean text and keep the steps as an ordered list.

// A tag ends at the first '>' before any other '<': an unclosed '<a' then costs one scan to the
// next '<', not one to the end of the text (50,000 of them took 5.6 s with [^>]*).
const BLOCK_TAG = /<\/?(?:p|div|ol|ul|li|br|tr|td|h[1-6])\b[^<>]*>/gi;
const ANY_TAG = /<\/?[a-z][^<>]*>/gi;
const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** HTML fragment → plain text with one line per block; runs of spaces folded. */
export function htmlToText(html: string): string {
  // Most cells hold no tag and no entity: an includes() is far cheaper than a replace (the ETL's
  // hot path runs this on every cell).
  let text = html.includes('<') ? html.replace(BLOCK_TAG, '\n').replace(ANY_TAG, '') : html;
  if (text.includes('&')) {
    text = text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X')) return fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return fromCodePoint(Number(code.slice(1)));
      return ENTITIES[code.toLowerCase()] ?? whole;
    });
  }
  // oneLine folds each line's spaces the same way (a line holds no new line).
  if (!text.includes('\n')) return oneLine(text);
  return text
    .split('\n')
    .map(oneLine)
    .filter((line) => line !== '')
    .join('\n');
}

/** A numeric entity's character; &#0;, surrogates and numbers past U+10FFFF become U+FFFD (as HTML does). */
function fromCodePoint(code: number): string {
  if (!Number.isInteger(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    return '\uFFFD';
  return String.fromCodePoint(code);
}

/** Plain cell text (an Excel, Word or web-page cell): one line per line, runs of spaces folded. */
export function plainText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[\s\u3000]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

// Characters no list needs and that break what reads the database later (SVG, XML, filters):
// C0/C1 controls other than tab and new line, and UTF-16 surrogates without their pair.
const UNWANTED =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// A cheap first test: a control character or any surrogate (paired ones are rare in these lists and
// then go through UNWANTED, which keeps them). One character class, no lookaround.
// eslint-disable-next-line no-control-regex
const MAYBE_UNWANTED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/;

/**
 * Removes control characters and lone surrogates. `found` counts them plus any U+FFFD already
 * there (what a decoder or entity put in place of an impossible character), so the caller can warn.
 */
export function scrubText(text: string): { text: string; found: number } {
  let found = 0;
  const clean = !MAYBE_UNWANTED.test(text)
    ? text
    : text.replace(UNWANTED, () => {
        found += 1;
        return '';
      });
  if (clean.includes('\uFFFD')) found += clean.split('\uFFFD').length - 1;
  return { text: clean, found };
}

// A white-space character that is not a plain space, or two spaces in a row (the same as \s\s|[^\S ],
// and several times faster to test: the ETL tests every cell).
const MORE_THAN_ONE_SPACE = /[^\S ]| {2}/;

/** Folds all white space (new lines included) into single spaces. */
export function oneLine(text: string): string {
  // Most text is already one line with single spaces: a test is cheaper than a replace.
  if (!MORE_THAN_ONE_SPACE.test(text)) return text.trim();
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

// A step marker: a number followed by "." "．" or "、", at the start or after white space or
// sentence punctuation. Numbers must run 1, 2, 3, … so "4‰" or "50%" never start a step.
const STEP_MARKER = /(^|[\s；;。：:])(\d{1,2})[.．、](?!\d)/g;

/**
 * Splits "1.a； 2.b" into ["a；", "b"]. Returns [] when the text is not a numbered list, or when
 * text stands before the first step (it would be lost from the list; the full text keeps it).
 */
export function splitSteps(text: string): string[] {
  const flat = oneLine(text);
  const starts: { index: number; bodyStart: number }[] = [];
  let expected = 1;
  for (const match of flat.matchAll(STEP_MARKER)) {
    if (Number(match[2]) !== expected) continue;
    const index = (match.index ?? 0) + (match[1]?.length ?? 0);
    starts.push({ index, bodyStart: (match.index ?? 0) + match[0].length });
    expected += 1;
  }
  if (starts.length === 0 || starts[0]?.index !== 0) return [];
  return starts.map((start, i) => flat.slice(start.bodyStart, starts[i + 1]?.index ?? flat.length).trim());
}
