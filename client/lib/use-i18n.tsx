// React binding of the i18n layer: the language comes from the URL state, the translator from i18n.ts.
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { createTranslator, type Translate } from '../../shared/i18n.ts';
import type { Lang } from '../../shared/i18n.ts';

interface I18nContextValue {
  lang: Lang;
  t: Translate;
}

const I18nContext = createContext<I18nContextValue | null>(null);

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => ({ lang, t: createTranslator(lang) }), [lang]);
  useEffect(() => {
    // The title is the app shell's (view and filters): app/document-title.ts.
    document.documentElement.lang = lang;
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
