import { Card, Space } from 'antd';
import { Link } from 'react-router';

import { useTranslate } from '../../../shared/i18n/use-translate';
import type { AsyncState } from '../../../shared/lib/use-async';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { DueFlag, UrgencyFlags } from '../incoming/components/flags';
import { incomingMessages } from '../incoming/i18n';
import {
  INCOMING_LIST_PATH,
  incomingDocumentPath,
  REGISTER_INCOMING_PATH,
} from '../incoming/paths';
import { workMessages } from './i18n';
import type { WorkItem, WorkQueueId, WorkQueues } from './use-incoming-work';

type WorkKey = keyof (typeof workMessages)['vi'] & string;

const TEXTS: Record<WorkQueueId, { title: WorkKey; empty: WorkKey }> = {
  'clerk-registered': { title: 'clerkRegisteredTitle', empty: 'clerkRegisteredEmpty' },
  'clerk-returned': { title: 'clerkReturnedTitle', empty: 'clerkReturnedEmpty' },
  'leader-submitted': { title: 'leaderSubmittedTitle', empty: 'leaderSubmittedEmpty' },
  'leader-follow': { title: 'leaderFollowTitle', empty: 'leaderFollowEmpty' },
  'officer-assigned': { title: 'officerAssignedTitle', empty: 'officerAssignedEmpty' },
};

// A queue on the home page shows the most pressing few; the register lists them all.
const SHOWN = 5;

function Item({ item }: { item: WorkItem }) {
  const t = useTranslate(workMessages);
  const ti = useTranslate(incomingMessages);
  const { doc, mine } = item;
  const due = mine?.dueDate || doc.dueDate;
  return (
    <li className="cqdt-work-item" data-testid="work-item" data-document-id={doc.id}>
      <Link to={incomingDocumentPath(doc.id)} className="cqdt-text-link cqdt-wrap-anywhere">
        {doc.subject}
      </Link>
      <div className="cqdt-muted cqdt-wrap-anywhere">
        {t('arrival', { number: doc.arrivalNumber, sender: doc.senderName })}
      </div>
      <Space size={[6, 6]} wrap style={{ marginTop: 4 }}>
        {item.toMe ? (
          <span className="cqdt-flag cqdt-flag--state">{t('submittedToYou')}</span>
        ) : null}
        {mine ? <span className="cqdt-flag cqdt-flag--state">{t(`role_${mine.role}`)}</span> : null}
        {mine?.state === 'assigned' ? (
          <span className="cqdt-flag cqdt-flag--state">{t('notAccepted')}</span>
        ) : null}
        <UrgencyFlags urgency={doc.urgency} confidentiality={doc.confidentiality} t={ti} />
        {due ? <DueFlag dueDate={due} state={doc.state} t={ti} /> : null}
      </Space>
    </li>
  );
}

/**
 * One queue of "Việc của tôi" (the staff home): a card whose heading names a region, the most
 * pressing documents first (due soon and overdue flagged in words and colour), or a sentence
 * saying what will appear there.
 */
export function WorkQueueCard({ id, work }: { id: WorkQueueId; work: AsyncState<WorkQueues> }) {
  const t = useTranslate(workMessages);
  const headingId = `queue-${id}`;
  const items = work.data?.[id] ?? [];
  const shown = items.slice(0, SHOWN);
  const clerk = id === 'clerk-registered';
  return (
    <Card
      className="cqdt-queue-card"
      title={
        <h3 id={headingId} className="cqdt-card-title">
          {t(TEXTS[id].title)}
        </h3>
      }
    >
      <section aria-labelledby={headingId} data-testid={`queue-${id}`} aria-busy={work.loading}>
        {work.error ? <ErrorAlert error={work.error} title={t('loadFailed')} /> : null}
        {shown.length === 0 ? (
          work.data || work.error ? (
            <EmptyState
              text={t(TEXTS[id].empty)}
              extra={
                clerk ? (
                  <Link to={REGISTER_INCOMING_PATH} className="cqdt-text-link">
                    {t('registerNow')}
                  </Link>
                ) : null
              }
            />
          ) : null
        ) : (
          <>
            <ul
              className="cqdt-work-list"
              aria-label={t('listLabel', { title: t(TEXTS[id].title), count: items.length })}
            >
              {shown.map((item) => (
                <Item key={item.doc.id} item={item} />
              ))}
            </ul>
            {items.length > SHOWN ? (
              <p className="cqdt-muted">{t('more', { count: items.length - SHOWN })}</p>
            ) : null}
            <Space wrap>
              <Link to={INCOMING_LIST_PATH} className="cqdt-text-link">
                {t('openRegister')}
              </Link>
              {clerk ? (
                <Link to={REGISTER_INCOMING_PATH} className="cqdt-text-link">
                  {t('registerNow')}
                </Link>
              ) : null}
            </Space>
          </>
        )}
      </section>
    </Card>
  );
}
