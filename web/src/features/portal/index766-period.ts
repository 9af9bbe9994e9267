// The reporting periods of the Decision 766 index (chi-so-766.md §1: month, quarter or year, each
// inclusive of both ends), as the page's address carries them (?ky=2026-Q4, 2026-11, 2026), and
// the dates the API takes. "Today" is Vietnam's day (UTC+7), whatever the browser's time zone.

export type PeriodKind = 'quarter' | 'month' | 'year';

export const PERIOD_KINDS: readonly PeriodKind[] = ['quarter', 'month', 'year'];

/** One period: `index` is the quarter (1-4) or the month (1-12); 0 for a whole year. */
export interface Period {
  kind: PeriodKind;
  year: number;
  index: number;
}

/** Inclusive dates, YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

/** The first year offered: Decision 766/QĐ-TTg is of 23/6/2022. */
export const FIRST_YEAR = 2022;

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

/** Today's date in Vietnam (UTC+7), YYYY-MM-DD. */
export function vnToday(now: number = Date.now()): string {
  return new Date(now + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** `?ky=` -> a period; null when absent or not one of the three forms. */
export function parsePeriod(value: string | null | undefined): Period | null {
  if (!value) {
    return null;
  }
  const valid = (year: number) => year >= 2000 && year <= 2100;
  let match = /^(\d{4})-Q([1-4])$/i.exec(value);
  if (match) {
    const year = Number(match[1]);
    return valid(year) ? { kind: 'quarter', year, index: Number(match[2]) } : null;
  }
  match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (match) {
    const year = Number(match[1]);
    return valid(year) ? { kind: 'month', year, index: Number(match[2]) } : null;
  }
  match = /^(\d{4})$/.exec(value);
  if (match) {
    const year = Number(match[1]);
    return valid(year) ? { kind: 'year', year, index: 0 } : null;
  }
  return null;
}

/** The inverse of parsePeriod: 2026-Q4, 2026-11, 2026. */
export function periodKey(period: Period): string {
  switch (period.kind) {
    case 'quarter':
      return `${period.year}-Q${period.index}`;
    case 'month':
      return `${period.year}-${pad(period.index)}`;
    case 'year':
      return String(period.year);
  }
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first and the last day of the period, both included. */
export function periodRange(period: Period): DateRange {
  const { year } = period;
  let first = 1;
  let last = 12;
  if (period.kind === 'quarter') {
    first = (period.index - 1) * 3 + 1;
    last = first + 2;
  } else if (period.kind === 'month') {
    first = period.index;
    last = period.index;
  }
  return {
    from: `${year}-${pad(first)}-01`,
    to: `${year}-${pad(last)}-${pad(lastDayOfMonth(year, last))}`,
  };
}

/** The period of `kind` that contains `date` (YYYY-MM-DD). */
export function periodContaining(kind: PeriodKind, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (kind) {
    case 'quarter':
      return { kind, year, index: Math.floor((month - 1) / 3) + 1 };
    case 'month':
      return { kind, year, index: month };
    case 'year':
      return { kind, year, index: 0 };
  }
}

/** True when the period has not started yet on `today`. */
export function isFuture(period: Period, today: string): boolean {
  return periodRange(period).from > today;
}

/**
 * Another kind of period near the chosen one: the one that contains the chosen period's last day,
 * or today while the chosen period is still running (2025 -> Q4/2025; Q4/2026 on 6/12/2026 ->
 * month 12/2026).
 */
export function switchKind(period: Period, kind: PeriodKind, today: string): Period {
  const { to } = periodRange(period);
  return periodContaining(kind, to < today ? to : today);
}

/** The same quarter or month of another year; today's when that one has not started yet. */
export function withYear(period: Period, year: number, today: string): Period {
  const next = { ...period, year };
  return isFuture(next, today) ? periodContaining(period.kind, today) : next;
}

/** The years the picker offers, newest first: this year back to FIRST_YEAR, and `also`. */
export function offeredYears(today: string, also?: number): number[] {
  const current = Number(today.slice(0, 4));
  const years = new Set<number>();
  for (let year = current; year >= FIRST_YEAR; year -= 1) {
    years.add(year);
  }
  if (also !== undefined) {
    years.add(also);
  }
  return [...years].sort((a, b) => b - a);
}
