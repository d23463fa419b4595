// Systematic rewordings of a duty text, the way one town's list writes another's duty: a synonym
// for a verb, 工作 added or dropped, a clause dropped, added or swapped. Used to build edition
// pairs with known changes, towns with known divergences and the matching benchmark.
// Also form-only edits (numbering, widths, spaces, the town's name for 本镇) that normalise()
// must undo. Deterministic in the random source given.

import { normaliseForm } from '../../shared/match/normalise.ts';

export type Random = () => number;
export type Strength = 'light' | 'medium' | 'strong';
export const STRENGTHS: readonly Strength[] = ['light', 'medium', 'strong'];

const SYNONYMS: readonly [string, string][] = [
  ['负责', '承担'],
  ['开展', '组织开展'],
  ['加强', '强化'],
  ['落实', '贯彻落实'],
  ['做好', '抓好'],
  ['监督检查', '监管检查'],
  ['宣传', '宣讲'],
  ['建立', '建立健全'],
  ['指导', '督促指导'],
  ['推进', '推动'],
  ['组织', '牵头组织'],
  ['管理', '管控'],
  ['和', '及'],
  ['的处罚', '的行政处罚'],
  ['保护', '保护管理'],
  ['排查', '摸排'],
];
const CLAUSE = /[，；。,;]/;
const EXTRA_CLAUSES = ['完成上级交办的其他事项', '建立工作台账', '定期报送工作情况', '做好相关统计'];

const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

type Edit = (text: string, random: Random) => string | null;

const synonym: Edit = (text, random) => {
  const usable = SYNONYMS.filter(([from, to]) => text.includes(from) || text.includes(to));
  if (usable.length === 0) return null;
  const [from, to] = pick(random, usable);
  return text.includes(to) ? text.replace(to, from) : text.replace(from, to);
};
const workSuffix: Edit = (text) => {
  const body = text.replace(/[。.]$/, '');
  return body.endsWith('工作') ? body.slice(0, -2) : `${body}工作`;
};
const dropDe: Edit = (text) => (text.includes('的') ? text.replace('的', '') : null);
const clauses = (text: string) => text.split(CLAUSE).filter((c) => c.trim() !== '');
const dropClause: Edit = (text, random) => {
  const parts = clauses(text);
  if (parts.length < 4) return null;
  parts.splice(1 + Math.floor(random() * (parts.length - 1)), 1);
  return parts.join('，') + '。';
};
const addClause: Edit = (text, random) => {
  if (clauses(text).length < 3) return null;
  return `${text.replace(/[。.]$/, '')}，${pick(random, EXTRA_CLAUSES)}。`;
};
const swapClauses: Edit = (text, random) => {
  const parts = clauses(text);
  if (parts.length < 3) return null;
  const i = Math.floor(random() * (parts.length - 1));
  [parts[i], parts[i + 1]] = [parts[i + 1]!, parts[i]!];
  return parts.join('，') + '。';
};
const EDITS: readonly Edit[] = [synonym, workSuffix, dropDe, dropClause, addClause, swapClauses];
const EDITS_BY_STRENGTH: Record<Strength, number> = { light: 1, medium: 2, strong: 3 };

/**
 * The text reworded by 1 (light), 2 (medium) or 3 (strong) edits; always a different text after
 * normalisation (edits that undo each other, like 负责 → 承担 → 负责, are retried).
 */
export function reword(text: string, strength: Strength, random: Random): string {
  const original = normaliseForm(text);
  for (let attempt = 0; attempt < 20; attempt++) {
    let result = text;
    for (let done = 0, tries = 0; done < EDITS_BY_STRENGTH[strength] && tries < 50; tries++) {
      const next = pick(random, EDITS)(result, random);
      if (next === null || normaliseForm(next) === normaliseForm(result)) continue;
      result = next;
      done += 1;
    }
    if (normaliseForm(result) !== original) return result;
  }
  return workSuffix(text, random)!;
}

const FULL_WIDTH = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

/** Form-only edits normalise() must undo: numbering, widths, spaces, punctuation, 本镇 ↔ the town. */
export function reform(text: string, random: Random, town: string): string {
  const edits = [
    (s: string) => `${1 + Math.floor(random() * 9)}. ${s}`,
    (s: string) => `（${pick(random, ['一', '二', '三'])}）${s}`,
    (s: string) => `①${s}`,
    (s: string) => FULL_WIDTH(s),
    (s: string) => s.replace(/，/g, ', ').replace(/、/g, ' , '),
    (s: string) => s.replace(/^(.{2})/, '$1 '),
    (s: string) => (s.includes('本镇') ? s.replace('本镇', town) : `${s}。`),
  ];
  return pick(random, edits)(text);
}
