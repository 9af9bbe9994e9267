import { Segmented } from 'antd';

import { commonMessages } from '../i18n/common-messages';
import type { Lang } from '../i18n/messages';
import { useLanguage } from '../i18n/use-language';
import { useTranslate } from '../i18n/use-translate';

const OPTIONS: { value: Lang; label: string; title: string; lang: string }[] = [
  { value: 'vi', label: 'VI', title: 'Tiếng Việt', lang: 'vi' },
  { value: 'en', label: 'EN', title: 'English', lang: 'en' },
];

export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { lang, setLang } = useLanguage();
  const t = useTranslate(commonMessages);
  return (
    <Segmented<Lang>
      size={size}
      aria-label={t('language')}
      value={lang}
      onChange={setLang}
      options={OPTIONS.map((option) => ({
        value: option.value,
        title: option.title,
        label: (
          <span lang={option.lang} aria-label={option.title}>
            {option.label}
          </span>
        ),
      }))}
    />
  );
}
