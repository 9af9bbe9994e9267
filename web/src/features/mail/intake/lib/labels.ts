// Words for what the server sends as codes: DKIM and SPF results (as tags with a colour that
// only repeats the words), signature indications, sizes.
import type { DkimResult, Indication, IntakeState, SpfResult } from '../api';
import type { MailIntakeTranslate } from '../i18n';

type Colour = 'success' | 'error' | 'warning' | 'default' | 'processing';

/** A colour per state; the server's label says it in words (never the code alone). */
export const STATE_COLOUR: Record<IntakeState, Colour> = {
  received: 'processing',
  registered: 'success',
  discarded: 'default',
};

const DKIM = new Set(['pass', 'fail', 'none', 'temperror', 'permerror']);
// A message without a signature is "none" too, but these reasons say nothing was verified.
const DKIM_NOT_CHECKED = new Set(['not-checked', 'no-key-lookup']);

export function dkimTag(
  t: MailIntakeTranslate,
  dkim: DkimResult,
): { text: string; colour: Colour } {
  const verdict =
    dkim.result === 'none' && DKIM_NOT_CHECKED.has(dkim.reason)
      ? t('dkimNotChecked')
      : DKIM.has(dkim.result)
        ? t(`dkim_${dkim.result}` as 'dkim_pass')
        : dkim.result || t('dkimNotChecked');
  const colour: Colour =
    dkim.result === 'pass'
      ? 'success'
      : dkim.result === 'fail' || dkim.result === 'permerror'
        ? 'error'
        : dkim.result === 'temperror'
          ? 'warning'
          : 'default';
  return {
    text: dkim.domain
      ? t('dkimTagDomain', { verdict, domain: dkim.domain })
      : t('dkimTag', { verdict }),
    colour,
  };
}

const SPF = new Set(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);

export function spfTag(t: MailIntakeTranslate, spf: SpfResult): { text: string; colour: Colour } {
  if (!spf.result) {
    return { text: t('spfMissing'), colour: 'default' };
  }
  const verdict = SPF.has(spf.result) ? t(`spf_${spf.result}` as 'spf_pass') : spf.result;
  const colour: Colour =
    spf.result === 'pass'
      ? 'success'
      : spf.result === 'fail' || spf.result === 'permerror'
        ? 'error'
        : spf.result === 'softfail' || spf.result === 'temperror'
          ? 'warning'
          : 'default';
  return { text: t('spfTag', { verdict, result: spf.result }), colour };
}

export function signatureColour(indication: Indication): Colour {
  return indication === 'TOTAL_PASSED'
    ? 'success'
    : indication === 'TOTAL_FAILED'
      ? 'error'
      : 'warning';
}

/** A size in bytes as a person reads it (1 decimal in KB and MB, Vietnamese decimal comma). */
export function formatSize(bytes: number, lang: 'vi' | 'en'): string {
  const format = (value: number, unit: string) =>
    `${value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })} ${unit}`;
  if (bytes < 1024) {
    return format(bytes, lang === 'vi' ? 'byte' : 'bytes');
  }
  if (bytes < 1024 * 1024) {
    return format(bytes / 1024, 'KB');
  }
  return format(bytes / (1024 * 1024), 'MB');
}
