// What the pages of online submission share to show a dossier.
import { formatVnTime } from '../../shared/lib/vn-time';

/** "2026-12-06 09:30" in Vietnam time, or "" when not yet. */
export const minutes = (iso: string) => (iso ? formatVnTime(iso).slice(0, 16) : '');

export const STATE_COLORS: Record<string, string> = {
  new: 'blue',
  done: 'green',
  returned: 'green',
  rejected: 'red',
  stopped: 'red',
  wait_supplement: 'orange',
  wait_payment: 'orange',
};
