// How many packages from outside wait for the caller's agency's reception (the badge of the
// reception page's exchange tab and of the menu). Loaded again when `refreshKey` changes (the
// staff layout passes the path, as for the documents' counts); undefined while unknown or when
// the exchange does not answer (an instance without it: no badge rather than an error).
import { useAuth } from '../../shared/auth/use-auth';
import { useAsync } from '../../shared/lib/use-async';
import { countWaiting } from './api/receptions';

export function useExchangeWaiting(refreshKey: string = ''): number | undefined {
  const { user, hasRole } = useAuth();
  const watches = !!user && hasRole('clerk', 'leader');
  const count = useAsync((signal) => countWaiting(signal), [user?.id ?? null, refreshKey], watches);
  return watches && !count.error ? count.data : undefined;
}
