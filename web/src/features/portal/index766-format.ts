// Numbers and dates of the Decision 766 page in the reader's language: 19,72 and 98,58 % in
// Vietnamese, 19.72 and 98.58% in English; period ends as dd/MM/yyyy.
import { useMemo } from 'react';

import { useLanguage } from '../../shared/i18n/use-language';

export interface Index766Format {
  /** A score, at most 2 decimals; "–" for none. */
  score: (value: number | null) => string;
  /** A count of dossiers or procedures; "–" for none. */
  count: (value: number | null) => string;
  /** A ratio 0..1 as a percentage; "–" for none. */
  percent: (value: number | null) => string;
  /** YYYY-MM-DD -> dd/MM/yyyy. */
  date: (iso: string) => string;
}

export function useIndex766Format(): Index766Format {
  const { lang } = useLanguage();
  return useMemo(() => {
    const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
    const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
    const orDash = (format: (value: number) => string) => (value: number | null) =>
      value === null || !Number.isFinite(value) ? '–' : format(value);
    return {
      score: orDash((v) => decimal.format(v)),
      count: orDash((v) => whole.format(v)),
      percent: orDash((v) => percent.format(v)),
      date: (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`,
    };
  }, [lang]);
}

/** A group's or an indicator's name in the reader's language (Vietnamese when no English). */
export function localName(item: { name: string; nameEn: string }, lang: 'vi' | 'en'): string {
  return lang === 'en' && item.nameEn ? item.nameEn : item.name;
}
