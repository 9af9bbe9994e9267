// The counts beside the menu's "Văn bản đến" and "Văn bản đi" items (and the reception queue's,
// for clerks and leaders): one GET /documents/queues, loaded again on every navigation and after a
// change made in this tab (the incoming pages announce theirs).
//
// The staff layout loads them once (`useLoadDocumentCounts`) and shares them with the pages under
// it through a context (`DocumentCountsContext`, read by `useDocumentCounts`): the home page's
// cards show the same figures as the menu without asking the server a second time.

import { createContext, useContext, useEffect } from 'react';

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

/** The counts, loaded by the staff layout; empty outside it. */
export const DocumentCountsContext = createContext<DocumentCounts>({});

/** The counts the staff layout loaded (the same the menu shows). */
export function useDocumentCounts(): DocumentCounts {
  return useContext(DocumentCountsContext);
}

/** Loads the counts. `refreshKey` (the current path) loads them again when it changes. */
export function useLoadDocumentCounts(refreshKey: string = ''): DocumentCounts {
  const { user, hasRole } = useAuth();
  const staff = !!user && hasRole('clerk', 'leader', 'officer');
  // The recipient agency's clerks act on the reception queue; its leaders watch it.
  const watchesReception = !!user && hasRole('clerk', 'leader');
  const counts = useAsync(
    async (signal) => {
      const [queues, receptionCount] = await Promise.all([
        getQueueCounts(signal),
        // Only the recipient agency's clerks and leaders may ask.
        watchesReception
          ? getReceptionCount(signal).catch(() => undefined)
          : Promise.resolve(undefined),
      ]);
      return { queues: queues.items, reception: receptionCount };
    },
    [user?.id ?? null, watchesReception, refreshKey],
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
