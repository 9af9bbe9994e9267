import {
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  LockOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';

import type { Confidentiality, IncomingState, Urgency } from '../api/types';
import type { IncomingTranslate } from '../i18n';
import { dueStatus, formatDay } from '../lib/dates';
import './incoming.css';

const FINISHED: ReadonlySet<string> = new Set(['completed']);

/**
 * A due date as words and colour together: overdue, due today, due soon, or just the date.
 * Finished work is never flagged.
 */
export function DueFlag({
  dueDate,
  state,
  t,
}: {
  dueDate: string;
  state?: IncomingState | string;
  t: IncomingTranslate;
}) {
  const status = dueStatus(dueDate, state !== undefined && FINISHED.has(state));
  if (!dueDate) {
    return <span className="cqdt-muted">{t('dueNone')}</span>;
  }
  const date = formatDay(dueDate);
  const text =
    status === 'overdue'
      ? t('dueOverdue', { date })
      : status === 'today'
        ? t('dueToday')
        : status === 'soon'
          ? t('dueSoon', { date })
          : t('dueOk', { date });
  const icon =
    status === 'overdue' ? (
      <ExclamationCircleOutlined aria-hidden />
    ) : (
      <ClockCircleOutlined aria-hidden />
    );
  return (
    <span className={`cqdt-flag cqdt-flag--${status}`} data-due={status}>
      {icon}
      {text}
    </span>
  );
}

export function StateFlag({ state, t }: { state: IncomingState; t: IncomingTranslate }) {
  return (
    <span className="cqdt-flag cqdt-flag--state" data-state={state}>
      {t(`state_${state}`)}
    </span>
  );
}

/** Only what is out of the ordinary is flagged: urgency above "Thường", any secrecy. */
export function UrgencyFlags({
  urgency,
  confidentiality,
  t,
}: {
  urgency: Urgency;
  confidentiality: Confidentiality;
  t: IncomingTranslate;
}) {
  return (
    <>
      {urgency !== 'normal' ? (
        <span className="cqdt-flag cqdt-flag--urgent">
          <ThunderboltOutlined aria-hidden />
          {t(`urgency_${urgency}`)}
        </span>
      ) : null}
      {confidentiality !== 'none' ? (
        <span className="cqdt-flag cqdt-flag--secret">
          <LockOutlined aria-hidden />
          {t(`confidentiality_${confidentiality}`)}
        </span>
      ) : null}
    </>
  );
}
