// Normalised form of a duty item's text, so that two lists writing the same duty differently in
// form only (numbering, spacing, character widths, punctuation, the town naming itself) compare
// equal before any similarity is computed. Pure: text in, text out.
//
// Rules, in order:
//  1. Enumeration markers are removed wherever they stand: circled and parenthesised numbers
//     (① ⑴ ⒈ ㈠ ❶), the penalty-clause star (* ＊), and numbering at the start of the text or of a
//     clause (after 。；;：:，, or a line break): 一、 二. （一） (1) 1. 1、 1） 第一条 第1项 a) A.
//  2. Unicode NFKC: full-width letters, digits and punctuation become half-width (ＡＢ１ → AB1).
//  3. The place's own names are removed: each name given in the context (town, county, and any
//     other level the caller passes) in full and in its short form without the level suffix
//     (阿龙山镇 and 阿龙山, 根河市 and 根河) when that short form keeps at least two characters;
//     and the self-references 本乡镇 本镇 本乡 本街道 本苏木, which mean the same thing in every town.
//     So 负责阿龙山镇公共基础设施 and 负责本镇公共基础设施 read alike, and two towns' copies of a
//     county template compare equal.
//  4. All whitespace, punctuation and symbols (Unicode P*, S*) are removed; Chinese needs neither
//     for meaning, and lists differ mostly in them (、 vs ， vs ；, “” vs "", spaces from PDF copies).
//  5. Latin letters are lower-cased.
// Digits inside the text (80岁, 12345热线, 50%) are kept: they carry meaning.

/** The names of the place a list belongs to (town, county, …), removed from its texts. */
export interface NormaliseContext {
  places?: readonly string[];
}

// Enumeration characters: ① … ⒇ ⒈ … ⒛ ⑴ … ⒇, ㈠ … ㈩, ❶ … ➓, and the penalty star.
const ENUM_CHARS = /[\u2460-\u249b\u24ea-\u24ff\u2776-\u2793\u3220-\u3229\u3280-\u3289*＊]/g;
const CLAUSE_NUMBER = new RegExp(
  String.raw`(^|[\n。；;：:，,])\s*` +
    String.raw`(?:第[一二三四五六七八九十百\d]+[条项款点]|` +
    String.raw`[（(]\s*(?:[一二三四五六七八九十百]+|\d{1,3}|[a-zA-Z])\s*[）)]|` +
    String.raw`(?:[一二三四五六七八九十百]+|\d{1,3}|[a-zA-Z])\s*(?:[、．.）)](?!\d)))\s*`,
  'g',
);
// 本乡镇 before 本乡 and 本镇: the longest self-reference first.
const SELF_REFERENCES = /本乡镇|本街道|本苏木|本镇|本乡/g;
const LEVEL_SUFFIX =
  /(?:特别行政区|自治区|自治州|自治县|自治旗|民族乡|林区|特区|街道|苏木|地区|省|市|州|盟|县|区|旗|镇|乡)$/;
const NOISE = /[\s\p{P}\p{S}]+/gu;

/** A place name and its short form (without the level suffix), longest first. */
export function placeNameForms(places: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const raw of places) {
    const name = raw.normalize('NFKC').replace(NOISE, '');
    if (name.length < 2) continue;
    forms.add(name);
    const short = name.replace(LEVEL_SUFFIX, '');
    if (short.length >= 2 && short !== name) forms.add(short);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Steps 1, 2, 4 and 5: everything that does not depend on the place. */
export function normaliseForm(text: string): string {
  return text
    .replace(ENUM_CHARS, ' ')
    .replace(CLAUSE_NUMBER, '$1')
    .normalize('NFKC')
    .replace(SELF_REFERENCES, '')
    .replace(NOISE, '')
    .toLowerCase();
}

/** Step 3 on an already form-normalised text, with the forms from placeNameForms. */
export function removePlaceNames(formNormalised: string, forms: readonly string[]): string {
  let text = formNormalised;
  for (const form of forms) if (text.includes(form)) text = text.replaceAll(form, '');
  return text;
}

/** The normalised text of an item (rules in the header). */
export function normalise(text: string, context: NormaliseContext = {}): string {
  return removePlaceNames(normaliseForm(text), placeNameForms(context.places ?? []));
}
