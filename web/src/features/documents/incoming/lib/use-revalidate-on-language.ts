import type { FormInstance } from 'antd';
import { useEffect, useRef } from 'react';

import { useLanguage } from '../../../../shared/i18n/use-language';

/**
 * The form's own messages ("Hãy nhập …") are written when a field is checked; when the person
 * switches language, the fields showing one are checked again so that the message follows.
 */
export function useRevalidateOnLanguage(form: FormInstance): void {
  const { lang } = useLanguage();
  const previous = useRef(lang);
  useEffect(() => {
    if (previous.current === lang) {
      return;
    }
    previous.current = lang;
    const showing = form
      .getFieldsError()
      .filter((field) => field.errors.length > 0)
      .map((field) => field.name);
    if (showing.length > 0) {
      form.validateFields(showing).catch(() => {
        // The errors are shown on the fields; nothing else to do.
      });
    }
  }, [form, lang]);
}
