// What the pages of online submission share to show a dossier.
import { formatVnTime } from '../../shared/lib/vn-time';

/** "2026-12-06 09:30" in Vietnam time, or "" when not yet. */
export const minutes = (iso: string) => (iso ? formatVnTime(iso).slice(0, 16) : '');

// antd's status colours follow the theme's (AA contrast on their light backgrounds); the preset
// 'green' and 'orange' do not (3.4:1 for a 12 px tag).
export const STATE_COLORS: Record<string, string> = {
  new: 'processing',
  done: 'success',
  returned: 'success',
  rejected: 'error',
  stopped: 'error',
  wait_supplement: 'warning',
  wait_payment: 'warning',
};
