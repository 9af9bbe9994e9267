// Whether the caller's agency receives documents by e-mail, and how many messages wait for its
// clerks (the badge of the reception page's e-mail tab and, with the others, of the menu). The
// session says whether e-mail is on; while it is off nothing is asked (every /mail call would
// answer 503) and `state` is 'off', so the tab stays hidden. Loaded again when `refreshKey`
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
  const { user, hasRole, mailEnabled } = useAuth();
  const watches = !!user && hasRole('clerk', 'leader') && mailEnabled;
  const count = useAsync((signal) => countWaiting(signal), [user?.id ?? null, refreshKey], watches);
  if (!!user && !mailEnabled) {
    return { state: 'off' };
  }
  if (!watches || count.loading) {
    return { state: 'unknown' };
  }
  if (count.error) {
    return { state: isMailOff(count.error) ? 'off' : 'failed' };
  }
  return count.data === undefined ? { state: 'unknown' } : { state: 'on', waiting: count.data };
}
