// The one-stop cards of the staff home (issue 16): the counter's dossiers waiting for reception
// (online submissions from the portal) and for their result to be returned, the officer's
// dossiers in progress. Each is a list of GET /dossiers (scoped to the caller's agency by the
// server, as the "Hồ sơ một cửa" page's queues are): its count, the newest few rows linked to
// their dossiers, and "Xem tất cả" to that page on the same queue.
import { Card, Space } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { formatVnDate } from '../../shared/lib/vn-time';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { type DossierQueue, type DossierSummary, listDossiers } from './dossier-api';
import { homeCardMessages } from './home-cards-i18n';
import { dossierPath, dossiersQueuePath, type DossiersListQueue } from './paths';
import './onestop.css';

// A card shows the newest few; "Xem tất cả" opens the whole queue.
export const SHOWN = 5;

/** The queues the home shows, as GET /dossiers filters them. */
const FILTERS: Record<HomeDossierQueue, { queue: DossierQueue; state?: string }> = {
  // Online submissions (the portal) wait in the desk's queue as `new` until it accepts them.
  online: { queue: 'counter', state: 'new' },
  // Decided dossiers (`done`) wait at the desk for the result to be handed over.
  return: { queue: 'counter', state: 'done' },
  // The open steps assigned to the person, or to their role with nobody named.
  mine: { queue: 'mine' },
};

export type HomeDossierQueue = Extract<DossiersListQueue, 'online' | 'return' | 'mine'>;

// Closed dossiers are judged by their flag alone: their due time no longer runs.
const CLOSED = new Set(['done', 'returned', 'rejected', 'stopped']);

/** Past its due time (or flagged late by the server's sweep) while it is still open. */
function isOverdue(d: DossierSummary, now: number): boolean {
  if (d.lateFlag) return true;
  const due = Date.parse(d.dueAt);
  return !CLOSED.has(d.state.name) && !Number.isNaN(due) && due < now;
}

/** The due day (Vietnam time, as the document cards show theirs), in words and colour when
 * overdue. */
function DueFlag({ dossier, now }: { dossier: DossierSummary; now: number }) {
  const t = useTranslate(homeCardMessages);
  const at = dossier.newAppointmentAt || dossier.dueAt;
  if (!at) {
    return isOverdue(dossier, now) ? (
      <span className="cqdt-flag cqdt-flag--late" data-due="overdue">
        {t('lateFlag')}
      </span>
    ) : null;
  }
  const overdue = isOverdue(dossier, now);
  const date = formatVnDate(at);
  return (
    <span
      className={`cqdt-flag ${overdue ? 'cqdt-flag--late' : 'cqdt-flag--neutral'}`}
      data-due={overdue ? 'overdue' : 'ok'}
    >
      {t(overdue ? 'overdue' : 'due', { date })}
    </span>
  );
}

function DossierRow({ dossier, now }: { dossier: DossierSummary; now: number }) {
  const t = useTranslate(homeCardMessages);
  return (
    <li className="cqdt-work-item" data-testid="dossier-item" data-code={dossier.code}>
      <Link to={dossierPath(dossier.code)} className="cqdt-text-link cqdt-wrap-anywhere">
        {dossier.code}
      </Link>
      <div className="cqdt-wrap-anywhere">{dossier.procedureName}</div>
      <div className="cqdt-muted cqdt-wrap-anywhere">
        {t('applicant', { name: dossier.applicantName })}
      </div>
      <Space size={[6, 6]} wrap style={{ marginTop: 4 }}>
        <span className="cqdt-flag cqdt-flag--neutral">{dossier.state.label}</span>
        {dossier.channel === 'online' ? (
          <span className="cqdt-flag cqdt-flag--info">{dossier.channelLabel}</span>
        ) : null}
        <DueFlag dossier={dossier} now={now} />
      </Space>
    </li>
  );
}

/**
 * One one-stop queue of the home: its count, the newest dossiers linked to their pages and
 * "Xem tất cả"; empty, `empty` (a sentence saying what will appear there). `id` names the card
 * (`queue-<id>` is its heading's id and its test id).
 */
export function DossierQueueCard({
  id,
  queue,
  title,
  empty,
}: {
  id: string;
  queue: HomeDossierQueue;
  title: string;
  empty: ReactNode;
}) {
  const t = useTranslate(homeCardMessages);
  const { lang } = useLanguage();
  const list = useAsync(
    // The time of the answer judges the due dates (not the render's: renders stay pure).
    async (signal) => ({
      ...(await listDossiers({ ...FILTERS[queue], limit: SHOWN, offset: 0 }, signal)),
      now: Date.now(),
    }),
    [queue, lang],
  );
  const headingId = `queue-${id}`;
  const total = list.data?.total;
  const now = list.data?.now ?? 0;
  return (
    <Card
      className="cqdt-queue-card"
      title={
        <h3 id={headingId} className="cqdt-card-title">
          {title}
        </h3>
      }
    >
      <section
        aria-labelledby={headingId}
        data-testid={`queue-${id}`}
        aria-busy={list.loading || undefined}
      >
        {list.error ? <ErrorAlert error={list.error} title={t('loadFailed')} /> : null}
        {total === undefined ? null : total === 0 ? (
          <EmptyState text={empty} />
        ) : (
          <>
            <Space size={[6, 6]} wrap data-testid="queue-counts" style={{ marginBottom: 8 }}>
              <span className="cqdt-flag cqdt-flag--neutral" data-count="total">
                {t('total', { count: total })}
              </span>
            </Space>
            <ul className="cqdt-work-list" aria-label={t('listLabel', { title, count: total })}>
              {(list.data?.items ?? []).map((d) => (
                <DossierRow key={d.code} dossier={d} now={now} />
              ))}
            </ul>
            <Link
              to={dossiersQueuePath(queue)}
              className="cqdt-text-link"
              aria-label={`${t('seeAll', { count: total })}: ${title}`}
            >
              {t('seeAll', { count: total })}
            </Link>
          </>
        )}
      </section>
    </Card>
  );
}
