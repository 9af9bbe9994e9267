import { useCallback } from 'react';

import { formatMessage, type MessageParams, type Messages, type Translate } from './messages';
import { useLanguage } from './use-language';

/** Returns `t(key, params)` for one feature's dictionary, in the current language. */
export function useTranslate<V extends Record<string, string>>(
  messages: Messages<V>,
): Translate<V> {
  const { lang } = useLanguage();
  return useCallback(
    (key: keyof V & string, params?: MessageParams) =>
      formatMessage(messages[lang][key] ?? messages.vi[key], params, lang),
    [lang, messages],
  );
}
