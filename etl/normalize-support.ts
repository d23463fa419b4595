// The support (履职保障) a city department gives with a cooperative duty, kept raw and mapped to
// a small taxonomy. A phrase may name several kinds (技术指导 is technical guidance).

import { SUPPORT_TYPES, type SupportType } from '../shared/vocabulary.ts';

export { SUPPORT_TYPES, type SupportType };

const RULES: readonly [Exclude<SupportType, 'other'>, RegExp][] = [
  ['policy', /政策/],
  ['training', /培训|讲座/],
  ['guidance', /指导/],
  ['technical', /技术(?:支持|指导|服务|保障)/],
  ['funding', /资金|经费/],
  // 人员业务培训 is training for staff, not staff given: 人员 counts only when no 培训 follows.
  ['staff', /人力|协理员|人员(?!.*培训)/],
  ['materials', /物资|设备|用品|物料|资料|工具|器材|装备/],
];

/** Splits on 、，,；; and 和, but never inside brackets (人力（劳动保障协理员）stays whole). */
export function splitSupportPhrases(raw: string): string[] {
  const phrases: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of raw) {
    if (char === '（' || char === '(') depth += 1;
    if (char === '）' || char === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,；;和]/.test(char)) {
      phrases.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  phrases.push(current);
  return phrases.map((phrase) => phrase.trim().replace(/[。.]$/, '')).filter((phrase) => phrase !== '');
}

/** Support types of one raw 履职保障 text, each with the phrases that gave it, in taxonomy order. */
export function classifySupport(raw: string): { supportType: SupportType; phrases: string[] }[] {
  const byType = new Map<SupportType, string[]>();
  for (const phrase of splitSupportPhrases(raw)) {
    const types = RULES.filter(([, pattern]) => pattern.test(phrase)).map(([type]) => type);
    for (const type of types.length > 0 ? types : (['other'] as const)) {
      byType.set(type, [...(byType.get(type) ?? []), phrase]);
    }
  }
  return SUPPORT_TYPES.filter((type) => byType.has(type)).map((supportType) => ({
    supportType,
    phrases: byType.get(supportType) ?? [],
  }));
}
