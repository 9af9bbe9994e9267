// The counts beside the "Văn bản đến" menu item: what waits for the signed-in person, from the
// list endpoints of today. The queue counts API (issue 10, "queues") is built in parallel; at
// merge this one hook is re-pointed at it and nothing else changes.

import { useEffect } from 'react';

import { useAuth } from '../../../shared/auth/use-auth';
import { useAsync } from '../../../shared/lib/use-async';
import { listIncoming } from '../incoming/api/incoming';
import type { IncomingState } from '../incoming/api/types';
import { onIncomingChange } from '../incoming/lib/changes';

export interface DocumentCounts {
  /** Incoming documents waiting for the person: the clerk's to submit or returned, the
   *  leader's submitted, the officer's assigned or in progress. Undefined while unknown. */
  incoming?: number;
}

export function useDocumentCounts(refreshKey: string = ''): DocumentCounts {
  const { user, hasRole } = useAuth();
  const states: IncomingState[] = [];
  if (hasRole('clerk')) states.push('registered', 'returned');
  if (hasRole('leader')) states.push('submitted');
  if (hasRole('officer')) states.push('assigned', 'in_progress');
  const unique = [...new Set(states)];
  const counts = useAsync(
    async (signal) => {
      const lists = await Promise.all(
        unique.map((state) => listIncoming({ state, limit: 200 }, signal)),
      );
      return lists.reduce((sum, list) => sum + list.items.length, 0);
    },
    [user?.id ?? null, unique, refreshKey],
    !!user && unique.length > 0,
  );
  const { reload } = counts;
  useEffect(() => onIncomingChange(reload), [reload]);
  return { incoming: counts.error ? undefined : counts.data };
}
