import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Space } from 'antd';
import { Link } from 'react-router';

import { useTranslate } from '../../../shared/i18n/use-translate';
import type { Confidentiality, Urgency } from '../incoming/api/types';
import { UrgencyFlags } from '../incoming/components/flags';
import { incomingMessages } from '../incoming/i18n';
import { formatDay } from '../incoming/lib/dates';
import { type QueueId, type QueueItem, queueItemPath } from './api';
import { workMessages } from './i18n';

/**
 * A due date as the server judged it (the working-day calendar): overdue, due soon, or the plain
 * date — in words and in colour, never colour alone.
 */
export function QueueDueFlag({
  item,
}: {
  item: Pick<QueueItem, 'dueDate' | 'dueSoon' | 'overdue'>;
}) {
  const t = useTranslate(workMessages);
  if (!item.dueDate) {
    return <span className="cqdt-muted">{t('noDue')}</span>;
  }
  const date = formatDay(item.dueDate);
  const status = item.overdue ? 'overdue' : item.dueSoon ? 'soon' : 'ok';
  return (
    <span className={`cqdt-flag cqdt-flag--${status}`} data-due={status}>
      {status === 'overdue' ? (
        <ExclamationCircleOutlined aria-hidden />
      ) : (
        <ClockCircleOutlined aria-hidden />
      )}
      {status === 'overdue'
        ? t('overdue', { date })
        : status === 'soon'
          ? t('dueSoon', { date })
          : t('due', { date })}
    </span>
  );
}

const ROLE: Partial<Record<QueueId, 'role_process' | 'role_coordinate' | 'role_info'>> = {
  process: 'role_process',
  coordinate: 'role_coordinate',
  info: 'role_info',
};

/** One document of a queue: its subject linked to its page, where it comes from, its flags. */
export function QueueItemRow({ queue, item }: { queue?: QueueId; item: QueueItem }) {
  const t = useTranslate(workMessages);
  const ti = useTranslate(incomingMessages);
  const role = queue ? ROLE[queue] : undefined;
  return (
    <li
      className="cqdt-work-item"
      data-testid="work-item"
      data-document-id={item.id}
      data-direction={item.direction}
    >
      <Link to={queueItemPath(item)} className="cqdt-text-link cqdt-wrap-anywhere">
        {item.subject}
      </Link>
      <div className="cqdt-muted cqdt-wrap-anywhere">
        {item.direction === 'incoming' && item.arrivalNumber
          ? t('arrival', { number: item.arrivalNumber, sender: item.senderName })
          : item.numberText || item.stateLabel}
      </div>
      <Space size={[6, 6]} wrap style={{ marginTop: 4 }}>
        {role ? <span className="cqdt-flag cqdt-flag--state">{t(role)}</span> : null}
        {queue === 'process' && item.state === 'assigned' ? (
          <span className="cqdt-flag cqdt-flag--state">{t('notAccepted')}</span>
        ) : null}
        {!role ? <span className="cqdt-flag cqdt-flag--state">{item.stateLabel}</span> : null}
        <UrgencyFlags
          urgency={item.urgency as Urgency}
          confidentiality={item.confidentiality as Confidentiality}
          t={ti}
        />
        {item.dueDate ? <QueueDueFlag item={item} /> : null}
      </Space>
    </li>
  );
}
