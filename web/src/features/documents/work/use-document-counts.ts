// The counts beside the menu's "Văn bản đến" and "Văn bản đi" items (and the reception queue's,
// for clerks): one GET /documents/queues, loaded again on every navigation and after a change
// made in this tab (the incoming pages announce theirs).

import { useEffect } from 'react';

import { useAuth } from '../../../shared/auth/use-auth';
import { useAsync } from '../../../shared/lib/use-async';
import { onIncomingChange } from '../incoming/lib/changes';
import { getQueueCounts, getReceptionCount, type QueueCount, type QueueId } from './api';

export interface DocumentCounts {
  /** Incoming documents waiting for the person to act: to process or coordinate, to instruct,
   *  to submit (clerks). "For information" is not work and is not counted. */
  incoming?: number;
  /** Outgoing documents waiting for the person: to review, to sign, to issue (clerks). */
  outgoing?: number;
  /** Documents sent by other agencies waiting for reception (clerks), recall requests included. */
  reception?: number;
  /** Every queue with its counts, as the API gave them. Undefined while unknown. */
  queues?: QueueCount[];
  /** Why the counts could not be loaded, if they could not. */
  error?: unknown;
}

const INCOMING_WORK: readonly QueueId[] = ['process', 'coordinate', 'instruct', 'register'];
const OUTGOING_WORK: readonly QueueId[] = ['review', 'sign', 'issue'];

function sum(queues: QueueCount[], ids: readonly QueueId[]): number {
  return queues.filter((q) => ids.includes(q.queue)).reduce((total, q) => total + q.total, 0);
}

/** The menu's counts. `refreshKey` (the current path) loads them again when it changes. */
export function useDocumentCounts(refreshKey: string = ''): DocumentCounts {
  const { user, hasRole } = useAuth();
  const staff = !!user && hasRole('clerk', 'leader', 'officer');
  const clerk = !!user && hasRole('clerk');
  const counts = useAsync(
    async (signal) => {
      const [queues, reception] = await Promise.all([
        getQueueCounts(signal),
        // Only the recipient agency's clerks and leaders may ask; the clerks act on it.
        clerk ? getReceptionCount(signal).catch(() => undefined) : Promise.resolve(undefined),
      ]);
      return { queues: queues.items, reception };
    },
    [user?.id ?? null, clerk, refreshKey],
    staff,
  );
  const { reload } = counts;
  useEffect(() => onIncomingChange(reload), [reload]);
  if (counts.error) {
    return { error: counts.error };
  }
  if (!counts.data) {
    return {};
  }
  const { queues, reception } = counts.data;
  return {
    incoming: sum(queues, INCOMING_WORK),
    outgoing: sum(queues, OUTGOING_WORK),
    reception: reception ? reception.received + reception.recallRequested : undefined,
    queues,
  };
}
