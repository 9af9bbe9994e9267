// The language a person chose on this browser (localStorage), read by the language provider and
// by the first page's early requests, which go out before React starts.
import { type Lang, LANGS } from './messages';

export const LANG_STORAGE_KEY = 'cqdt.lang';

export function readStoredLang(): Lang {
  try {
    const stored = window.localStorage.getItem(LANG_STORAGE_KEY);
    if (stored && (LANGS as readonly string[]).includes(stored)) {
      return stored as Lang;
    }
  } catch {
    // Storage can be unavailable (private mode, policy): Vietnamese is the default anyway.
  }
  return 'vi';
}
