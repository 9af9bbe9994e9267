// Dates of incoming documents: the API sends calendar days as YYYY-MM-DD (Vietnam days); people
// read dd/MM/yyyy. "Today" is today in Vietnam (UTC+7), whatever the browser's own zone, so a
// due date is judged by the same day the server judges it.

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

/** Today in Vietnam as YYYY-MM-DD. */
export function vnToday(now: number = Date.now()): string {
  const d = new Date(now + VN_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** YYYY-MM-DD -> dd/MM/yyyy; anything else unchanged ("" stays ""). */
export function formatDay(day: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  return match ? `${match[3]}/${match[2]}/${match[1]}` : (day ?? '');
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type DueStatus = 'none' | 'ok' | 'soon' | 'today' | 'overdue';

/** How many calendar days before the due date a task counts as due soon. */
export const DUE_SOON_DAYS = 2;

/**
 * Where a due date stands today: overdue (past), due today, due soon (within DUE_SOON_DAYS), or
 * fine. Work that is finished is never flagged.
 */
export function dueStatus(
  dueDate: string,
  finished: boolean,
  today: string = vnToday(),
): DueStatus {
  if (!dueDate || finished || !/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) {
    return 'none';
  }
  const left = daysBetween(today, dueDate);
  if (left < 0) {
    return 'overdue';
  }
  if (left === 0) {
    return 'today';
  }
  return left <= DUE_SOON_DAYS ? 'soon' : 'ok';
}
