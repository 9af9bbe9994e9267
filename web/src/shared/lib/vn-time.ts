// Times as Vietnamese officials read them: Vietnam time (UTC+7, no daylight saving), whatever
// the browser's own time zone, and labelled as such wherever they are shown (a column title or a
// note that says "UTC+7"). The server stores and sends UTC (ISO 8601).

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * An ISO 8601 instant shown in Vietnam time (UTC+7, no daylight saving) as dd/MM/yyyy HH:mm:ss,
 * whatever the browser's own time zone. Unparseable input comes back as it is.
 */
export function formatVnTime(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    return iso;
  }
  const d = new Date(ms + VN_OFFSET_MS);
  return (
    `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** The date part only (dd/MM/yyyy), Vietnam time. */
export function formatVnDate(iso: string | null | undefined): string {
  return formatVnTime(iso).slice(0, 10);
}

/** The same instant as ISO 8601 with +07:00 (for <time dateTime>). */
export function toVnIso(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    return iso;
  }
  const d = new Date(ms + VN_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`
  );
}
