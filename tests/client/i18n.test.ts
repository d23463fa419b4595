import { describe, expect, it } from 'vitest';
import {
  createTranslator,
  departmentTypeLabel,
  dictionaries,
  kindLabel,
  supportTypeLabel,
  viewLabel,
} from '../../shared/i18n.ts';
import { VIEWS } from '../../client/lib/url-state.ts';
import { DEPARTMENT_TYPES, KINDS, SUPPORT_TYPES } from '../../shared/vocabulary.ts';

const zh = dictionaries['zh-CN'];
const en = dictionaries.en;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('has every key in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of Object.entries(zh)) {
      expect(text.trim(), `zh-CN ${key}`).not.toBe('');
      expect(en[key as keyof typeof en].trim(), `en ${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(zh) as Array<keyof typeof zh>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('writes the Chinese dictionary in Chinese and the English one without Han characters in labels', () => {
    expect(zh['view.overview']).toBe('概览');
    expect(en['view.overview']).toBe('Overview');
    // The English UI may quote Chinese examples (the search hint) and the language switch says 中文.
    const allowed = new Set(['app.switchLanguage', 'items.searchPlaceholder']);
    for (const [key, text] of Object.entries(en)) {
      if (!allowed.has(key)) expect(/\p{Script=Han}/u.test(text), key).toBe(false);
    }
  });

  it('labels every list kind, department type, support type and view in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const t = createTranslator(lang);
      for (const k of KINDS) expect(kindLabel(t, k)).not.toBe(k);
      for (const d of DEPARTMENT_TYPES) expect(departmentTypeLabel(t, d)).not.toBe(d);
      for (const s of SUPPORT_TYPES) expect(supportTypeLabel(t, s)).not.toBe(s);
      for (const v of VIEWS) expect(viewLabel(t, v)).not.toBe(`view.${v}`);
    }
    const zhT = createTranslator('zh-CN');
    expect(kindLabel(zhT, 'reclaimed')).toBe('上级收回');
    expect(supportTypeLabel(zhT, 'policy')).toBe('政策解读');
    expect(supportTypeLabel(createTranslator('en'), 'policy')).toBe('Policy interpretation');
  });

  it('shows an unknown vocabulary value as is', () => {
    expect(kindLabel(createTranslator('en'), 'mystery')).toBe('mystery');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = createTranslator('zh-CN');
    expect(t('items.total', { n: '13' })).toBe('共 13 项');
    expect(t('items.page', { page: 2 })).toBe('第 2 / {pages} 页');
    expect(createTranslator('en')('items.source', { file: 'a.txt', line: 12 })).toBe(
      'Source: a.txt, line 12',
    );
  });
});
