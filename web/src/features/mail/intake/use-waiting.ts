// Whether the caller's agency receives documents by e-mail, and how many messages wait for its
// clerks (the badge of the reception page's e-mail tab). Every /mail call answers 503 while
// e-mail is off: then `state` is 'off' and the tab stays hidden. Loaded again when `refreshKey`
// changes; only clerks and leaders ask.
import { useAuth } from '../../../shared/auth/use-auth';
import { useAsync } from '../../../shared/lib/use-async';
import { isMailOff } from '../api';
import { countWaiting } from './api';

export interface MailIntakeProbe {
  /** unknown: not answered yet (or not asked); failed: another error (the list shows it). */
  state: 'unknown' | 'on' | 'off' | 'failed';
  waiting?: number;
}

export function useMailIntakeWaiting(refreshKey: string = ''): MailIntakeProbe {
  const { user, hasRole } = useAuth();
  const watches = !!user && hasRole('clerk', 'leader');
  const count = useAsync((signal) => countWaiting(signal), [user?.id ?? null, refreshKey], watches);
  if (!watches || count.loading) {
    return { state: 'unknown' };
  }
  if (count.error) {
    return { state: isMailOff(count.error) ? 'off' : 'failed' };
  }
  return count.data === undefined ? { state: 'unknown' } : { state: 'on', waiting: count.data };
}
