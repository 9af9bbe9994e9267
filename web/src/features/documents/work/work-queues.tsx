import { Col } from 'antd';
import type { ReactNode } from 'react';

import { useAuth } from '../../../shared/auth/use-auth';
import type { Role } from '../../../shared/auth/types';
import type { QueueCount, QueueId } from './api';
import { QueueCard, ReceptionCard } from './queue-card';
import { useDocumentCounts } from './use-document-counts';

type CardId = QueueId | 'reception';

// The order of the cards on the home page: a leader's decisions first, then the work of the
// officer, then the clerk's.
const ORDER: readonly CardId[] = [
  'instruct',
  'sign',
  'review',
  'process',
  'coordinate',
  'info',
  'register',
  'reception',
  'issue',
];

// The queues a role always shows, empty or not (so the person learns what will arrive there).
// Any other queue shows as soon as it holds something: a deputy with a delegated right, a unit
// head assigned a document.
const ROLE_CARDS: Partial<Record<Role, readonly CardId[]>> = {
  leader: ['instruct', 'sign', 'review'],
  officer: ['process', 'coordinate', 'info'],
  clerk: ['register', 'reception', 'issue'],
};

/** The cards of the person's queues, for a grid row (one <Col> each). */
export function useWorkQueueCards(): {
  cards: CardId[];
  counts: ReturnType<typeof useDocumentCounts>;
} {
  const { user, hasRole } = useAuth();
  const counts = useDocumentCounts();
  const roles = new Set<CardId>(
    (user?.roles ?? []).flatMap((role) => [...(ROLE_CARDS[role] ?? [])]),
  );
  const byId = new Map<CardId, number>(
    (counts.queues ?? []).map((q): [CardId, number] => [q.queue, q.total]),
  );
  // Leaders see the reception count in the menu; the card is the clerks' work.
  if (counts.reception !== undefined && hasRole('clerk')) byId.set('reception', counts.reception);
  const cards = ORDER.filter((id) => roles.has(id) || (byId.get(id) ?? 0) > 0);
  return { cards, counts };
}

/**
 * "Việc của tôi": one card per queue of the person (counts from GET /documents/queues, due soon
 * and overdue flagged), each inside a grid column.
 */
export function WorkQueueCols({ cards, counts }: ReturnType<typeof useWorkQueueCards>) {
  const byQueue = new Map<QueueId, QueueCount>((counts.queues ?? []).map((q) => [q.queue, q]));
  return (
    <>
      {cards.map((id) => {
        const col = (content: ReactNode) => (
          <Col key={id} xs={24} lg={12}>
            {content}
          </Col>
        );
        // While the counts load (or if they failed) the card shows its heading, busy.
        if (id === 'reception') {
          return col(<ReceptionCard total={counts.queues ? (counts.reception ?? 0) : undefined} />);
        }
        return col(<QueueCard id={id} count={byQueue.get(id)} />);
      })}
    </>
  );
}
