import { Card, Space } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import type { Confidentiality, Urgency } from '../incoming/api/types';
import { UrgencyFlags } from '../incoming/components/flags';
import { incomingMessages } from '../incoming/i18n';
import { formatVnDate } from '../../../shared/lib/vn-time';
import {
  getQueue,
  listPendingReceptions,
  type QueueCount,
  type QueueId,
  queuePath,
  receptionPath,
} from './api';
import { type WorkKey, workMessages } from './i18n';
import { QueueItemRow } from './queue-item';

// A card shows the most pressing few (earliest due first); "Xem tất cả" opens the whole queue.
export const SHOWN = 5;

/** The count of a queue and its due-soon / overdue parts, in words and colour. */
function Counts({ total, dueSoon, overdue }: { total: number; dueSoon: number; overdue: number }) {
  const t = useTranslate(workMessages);
  return (
    <Space size={[6, 6]} wrap data-testid="queue-counts" style={{ marginBottom: 8 }}>
      <span className="cqdt-flag cqdt-flag--state" data-count="total">
        {t('total', { count: total })}
      </span>
      {overdue > 0 ? (
        <span className="cqdt-flag cqdt-flag--overdue" data-count="overdue">
          {t('overdueCount', { count: overdue })}
        </span>
      ) : null}
      {dueSoon > 0 ? (
        <span className="cqdt-flag cqdt-flag--soon" data-count="due-soon">
          {t('dueSoonCount', { count: dueSoon })}
        </span>
      ) : null}
    </Space>
  );
}

function Frame({
  id,
  busy,
  children,
}: {
  id: QueueId | 'reception';
  busy: boolean;
  children: ReactNode;
}) {
  const t = useTranslate(workMessages);
  const headingId = `queue-${id}`;
  return (
    <Card
      className="cqdt-queue-card"
      title={
        <h3 id={headingId} className="cqdt-card-title">
          {t(`title_${id}`)}
        </h3>
      }
    >
      <section aria-labelledby={headingId} data-testid={`queue-${id}`} aria-busy={busy}>
        {children}
      </section>
    </Card>
  );
}

const EMPTY_EXTRA: Partial<Record<QueueId, { to: string; text: WorkKey }>> = {
  sign: { to: '/ky-so', text: 'signNow' },
  register: { to: '/van-ban/den/vao-so', text: 'registerNow' },
};

/**
 * One queue of "Việc của tôi": its counts (due soon and overdue flagged), the first documents
 * linked to their pages, "Xem tất cả" to the queue's page; empty, a sentence saying what will
 * appear there.
 */
export function QueueCard({ id, count }: { id: QueueId; count: QueueCount | undefined }) {
  const t = useTranslate(workMessages);
  const total = count?.total ?? 0;
  const items = useAsync(
    (signal) => getQueue(id, { limit: SHOWN }, signal),
    [id, total, count?.dueSoon ?? 0, count?.overdue ?? 0],
    total > 0,
  );
  const extra = EMPTY_EXTRA[id];
  const title = t(`title_${id}`);
  return (
    <Frame id={id} busy={!count || items.loading}>
      {!count ? null : count.total === 0 ? (
        <EmptyState
          text={t(`empty_${id}`)}
          extra={
            extra ? (
              <Link to={extra.to} className="cqdt-text-link">
                {t(extra.text)}
              </Link>
            ) : null
          }
        />
      ) : (
        <>
          <Counts total={count.total} dueSoon={count.dueSoon} overdue={count.overdue} />
          {items.error ? <ErrorAlert error={items.error} title={t('loadFailed')} /> : null}
          <ul className="cqdt-work-list" aria-label={t('listLabel', { title, count: count.total })}>
            {(items.data?.items ?? []).map((item) => (
              <QueueItemRow key={`${item.direction}-${item.id}`} queue={id} item={item} />
            ))}
          </ul>
          <Link
            to={queuePath(id)}
            className="cqdt-text-link"
            aria-label={`${t('seeAll', { count: count.total })}: ${title}`}
          >
            {t('seeAll', { count: count.total })}
          </Link>
        </>
      )}
    </Frame>
  );
}

/** Documents sent by other agencies, waiting for the clerk to register or refuse them. */
export function ReceptionCard({ total }: { total: number | undefined }) {
  const t = useTranslate(workMessages);
  const ti = useTranslate(incomingMessages);
  const items = useAsync(
    (signal) => listPendingReceptions(SHOWN, signal),
    [total ?? 0],
    (total ?? 0) > 0,
  );
  const title = t('title_reception');
  return (
    <Frame id="reception" busy={total === undefined || items.loading}>
      {total === undefined ? null : total === 0 ? (
        <EmptyState text={t('empty_reception')} />
      ) : (
        <>
          <Counts total={total} dueSoon={0} overdue={0} />
          {items.error ? <ErrorAlert error={items.error} title={t('loadFailed')} /> : null}
          <ul className="cqdt-work-list" aria-label={t('listLabel', { title, count: total })}>
            {(items.data?.items ?? []).map((r) => (
              <li key={r.id} className="cqdt-work-item" data-testid="work-item">
                <Link to={receptionPath(r.id)} className="cqdt-text-link cqdt-wrap-anywhere">
                  {r.document.subject}
                </Link>
                <div className="cqdt-muted cqdt-wrap-anywhere">
                  {t('sender', { sender: r.senderName })}
                  {r.document.numberText ? ` · ${r.document.numberText}` : ''}
                  {r.statusAt ? ` · ${formatVnDate(r.statusAt)}` : ''}
                </div>
                <Space size={[6, 6]} wrap style={{ marginTop: 4 }}>
                  {r.status === '13' ? (
                    <span className="cqdt-flag cqdt-flag--urgent">{t('recallRequested')}</span>
                  ) : null}
                  <UrgencyFlags
                    urgency={r.document.urgency as Urgency}
                    confidentiality={r.document.confidentiality as Confidentiality}
                    t={ti}
                  />
                </Space>
              </li>
            ))}
          </ul>
        </>
      )}
    </Frame>
  );
}
