// Agency identification codes as the exchange addresses them (edxml.md §2): the 13-character
// QCVN 102 layout `000.00.00.H12`, or the QĐ 20/2020 layout `H12.01.003` (level 1 first). The
// server checks them again; this is the form's early word. Also sizes and edXML dates for people.
const QCVN_102 = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const DECISION_20 = /^[A-Z]\d{2}(\.\d{2,3})*$/;

export function isOrganCode(code: string): boolean {
  return QCVN_102.test(code) || DECISION_20.test(code);
}

/** Upper case, no surrounding spaces: what a clerk types is compared as the code is written. */
export function normaliseOrganCode(code: string): string {
  return code.trim().toUpperCase();
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

/** An edXML date (yyyy/MM/dd, or already yyyy-MM-dd) as dd/MM/yyyy; anything else as it is. */
export function formatEdxmlDate(value: string): string {
  const match = /^(\d{4})[/-](\d{2})[/-](\d{2})/.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/** An edXML date as the API's YYYY-MM-DD (a form's date input), or '' when it is not one. */
export function isoFromEdxmlDate(value: string): string {
  const match = /^(\d{4})[/-](\d{2})[/-](\d{2})/.exec(value);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : '';
}

/** Today in Vietnam (UTC+7), as YYYY-MM-DD. */
export function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}
