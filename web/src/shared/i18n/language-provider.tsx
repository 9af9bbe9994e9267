import 'dayjs/locale/vi';

import dayjs from 'dayjs';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';

import { setRequestLanguage } from '../api/client';

import { LanguageContext } from './language-context';
import type { Lang } from './messages';
import { LANG_STORAGE_KEY, readStoredLang } from './stored-lang';

export function LanguageProvider({ children }: { children: ReactNode }) {
  // Set before any request goes out (children's effects run before this provider's).
  const [lang, setLangState] = useState<Lang>(() => {
    const stored = readStoredLang();
    setRequestLanguage(stored);
    return stored;
  });

  useEffect(() => {
    document.documentElement.lang = lang;
    dayjs.locale(lang === 'vi' ? 'vi' : 'en');
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setRequestLanguage(next);
    setLangState(next);
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this page.
    }
  }, []);

  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}
