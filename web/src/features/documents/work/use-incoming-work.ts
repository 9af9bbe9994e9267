// The data of the incoming-document queues of "Việc của tôi", from the list endpoints that exist
// today (GET /documents/incoming by state, the document itself for the caller's assignment, the
// caller's notices for "submitted to you"). The queue counts API being built in parallel
// (issue 10, "queues") will replace this; the queue components take plain items.

import { api } from '../../../shared/api/client';
import { useAuth } from '../../../shared/auth/use-auth';
import { useAsync } from '../../../shared/lib/use-async';
import { getIncoming, listIncoming } from '../incoming/api/incoming';
import type { Assignment, IncomingDocument, IncomingState } from '../incoming/api/types';

export type WorkQueueId =
  'clerk-registered' | 'clerk-returned' | 'leader-submitted' | 'leader-follow' | 'officer-assigned';

export interface WorkItem {
  doc: IncomingDocument;
  /** The caller's own assignment (officer queue). */
  mine?: Assignment;
  /** A leader's queue: the clerk submitted it to the caller. */
  toMe?: boolean;
}

export type WorkQueues = Partial<Record<WorkQueueId, WorkItem[]>>;

// Each state list asks for this many of the newest documents; a queue shows the first few.
const LIST_LIMIT = 100;
// Documents opened to find the officer's own assignment (role, due date, state).
const DETAIL_LIMIT = 20;

interface Notice {
  kind: string;
  entityType: string | null;
  entityId: string | number | null;
}

async function byStates(states: IncomingState[], signal: AbortSignal) {
  const lists = await Promise.all(
    states.map((state) => listIncoming({ state, limit: LIST_LIMIT }, signal)),
  );
  return lists.flatMap((list) => list.items);
}

async function submittedToMe(signal: AbortSignal): Promise<Set<string>> {
  try {
    const notices = await api.get<{ items: Notice[] }>('/notifications', {
      query: { limit: 100 },
      signal,
    });
    return new Set(
      notices.items
        .filter((n) => n.kind === 'documents.submitted' && n.entityId !== null)
        .map((n) => String(n.entityId)),
    );
  } catch {
    return new Set();
  }
}

/** Oldest due date first (no due date last), then newest arrival first. */
function byDue(a: WorkItem, b: WorkItem): number {
  const da = a.mine?.dueDate || a.doc.dueDate || '9999-99-99';
  const db = b.mine?.dueDate || b.doc.dueDate || '9999-99-99';
  return da.localeCompare(db) || b.doc.arrivalNumber - a.doc.arrivalNumber;
}

export async function loadWorkQueues(
  roles: { clerk: boolean; leader: boolean; officer: boolean },
  userId: string | number,
  signal: AbortSignal,
): Promise<WorkQueues> {
  const queues: WorkQueues = {};
  const tasks: Promise<void>[] = [];
  if (roles.clerk) {
    tasks.push(
      byStates(['registered', 'returned'], signal).then((docs) => {
        queues['clerk-registered'] = docs
          .filter((d) => d.state === 'registered')
          .map((doc) => ({ doc }));
        queues['clerk-returned'] = docs
          .filter((d) => d.state === 'returned')
          .map((doc) => ({ doc }));
      }),
    );
  }
  if (roles.leader) {
    tasks.push(
      Promise.all([
        byStates(['submitted', 'assigned', 'in_progress'], signal),
        submittedToMe(signal),
      ]).then(([docs, mine]) => {
        queues['leader-submitted'] = docs
          .filter((d) => d.state === 'submitted')
          .map((doc) => ({ doc, toMe: mine.has(String(doc.id)) }))
          .sort((a, b) => Number(!!b.toMe) - Number(!!a.toMe) || byDue(a, b));
        queues['leader-follow'] = docs
          .filter((d) => d.state === 'assigned' || d.state === 'in_progress')
          .map((doc) => ({ doc }))
          .sort(byDue);
      }),
    );
  }
  if (roles.officer) {
    tasks.push(
      byStates(['assigned', 'in_progress'], signal).then(async (docs) => {
        const details = await Promise.all(
          docs.slice(0, DETAIL_LIMIT).map((doc) => getIncoming(doc.id, signal)),
        );
        queues['officer-assigned'] = details
          .map((detail) => ({
            doc: detail as IncomingDocument,
            mine: detail.assignments.find(
              (a) =>
                String(a.userId) === String(userId) &&
                a.state !== 'completed' &&
                a.state !== 'returned',
            ),
          }))
          .filter((item) => item.mine !== undefined)
          .sort(byDue);
      }),
    );
  }
  await Promise.all(tasks);
  return queues;
}

/** The queues of the signed-in person's roles (clerk, leader, officer). */
export function useIncomingWork() {
  const { user, hasRole } = useAuth();
  const roles = {
    clerk: hasRole('clerk'),
    leader: hasRole('leader'),
    officer: hasRole('officer'),
  };
  const enabled = !!user && (roles.clerk || roles.leader || roles.officer);
  return useAsync(
    (signal) => loadWorkQueues(roles, user?.id ?? 0, signal),
    [user?.id ?? null, roles.clerk, roles.leader, roles.officer],
    enabled,
  );
}
