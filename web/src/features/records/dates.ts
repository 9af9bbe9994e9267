// Days and years as the records pages show them: the API sends calendar days as YYYY-MM-DD
// (Vietnam days) and instants in ISO 8601; people read dd/MM/yyyy, in Vietnam time (UTC+7).

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

/** Today in Vietnam as YYYY-MM-DD. */
export function vnToday(now: number = Date.now()): string {
  const d = new Date(now + VN_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** This year in Vietnam (the file plan's default year). */
export function vnYear(now: number = Date.now()): number {
  return new Date(now + VN_OFFSET_MS).getUTCFullYear();
}

/** YYYY-MM-DD -> dd/MM/yyyy; anything else unchanged ("" stays ""). */
export function formatDay(day: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day ?? '');
  return match ? `${match[3]}/${match[2]}/${match[1]}` : (day ?? '');
}

/** A file size in words a person reads: 12 KB, 3,4 MB. */
export function formatSize(bytes: number, lang: 'vi' | 'en'): string {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${Math.round(bytes / 1024).toLocaleString(locale)} KB`;
  }
  return `${(bytes / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
}
