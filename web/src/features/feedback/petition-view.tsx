// One PAKN as its filer or the agency's staff read it: the question, its state and due day
// (overdue flagged), the answer, the history. Times in Vietnam time, labelled.
import { Card, Descriptions, Typography } from 'antd';

import { useTranslate } from '../../shared/i18n/use-translate';
import { formatVnTime } from '../../shared/lib/vn-time';
import { Flag } from '../../shared/ui/flag';
import type { Petition } from './api';
import { portalFeedbackMessages } from './portal-i18n';

/** "2026-12-18" -> "18/12/2026". */
export function dayText(iso: string): string {
  return iso.length === 10 ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;
}

export function PetitionStateFlags({ petition }: { petition: Petition }) {
  const t = useTranslate(portalFeedbackMessages);
  return (
    <>
      <Flag kind={petition.state.name === 'answered' ? 'ok' : 'info'}>{petition.state.label}</Flag>{' '}
      {petition.overdue ? <Flag kind="late">{t('overdue')}</Flag> : null}
    </>
  );
}

export function PetitionView({
  petition,
  headingLevel = 2,
  staff = false,
}: {
  petition: Petition;
  headingLevel?: 2 | 3;
  staff?: boolean;
}) {
  const t = useTranslate(portalFeedbackMessages);
  const eventLabel = (action: string, agency: string) => {
    switch (action) {
      case 'file':
        return t('event_file');
      case 'assign':
        return t('event_assign');
      case 'transfer':
        return t('event_transfer', { agency });
      case 'answer':
        return t('event_answer');
      default:
        return t('event_verdict');
    }
  };
  return (
    <Card>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('state')}>
          <PetitionStateFlags petition={petition} />
        </Descriptions.Item>
        <Descriptions.Item label={t('agencyLabel')}>{petition.agencyName}</Descriptions.Item>
        {petition.dossierCode ? (
          <Descriptions.Item label={t('dossierCodeLabel')}>
            {petition.dossierCode}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('categoryLabel')}>{petition.category.label}</Descriptions.Item>
        <Descriptions.Item label={t('filedAt')}>{formatVnTime(petition.filedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('dueOn')}>{dayText(petition.dueOn)}</Descriptions.Item>
        <Descriptions.Item label={t('titleLabel')}>{petition.title}</Descriptions.Item>
        <Descriptions.Item label={t('contentLabel')}>
          <span className="cqdt-feedback-text">{petition.content}</span>
        </Descriptions.Item>
        {staff && petition.assignee ? (
          <Descriptions.Item label={t('assignee')}>{petition.assignee.name}</Descriptions.Item>
        ) : null}
        {staff ? (
          <Descriptions.Item label={t('filerTitle')}>
            {[petition.filer.name, petition.filer.phone, petition.filer.email]
              .filter(Boolean)
              .join(' · ')}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Typography.Title level={headingLevel} style={{ fontSize: 16, marginTop: 16 }}>
        {t('answerTitle')}
      </Typography.Title>
      {petition.answer ? (
        <>
          <Typography.Paragraph className="cqdt-feedback-text">
            {petition.answer}
          </Typography.Paragraph>
          <Typography.Paragraph className="cqdt-muted">
            {t('answeredAt')}: {formatVnTime(petition.answeredAt)}
            {staff && petition.answeredBy ? ` · ${petition.answeredBy}` : ''}
          </Typography.Paragraph>
        </>
      ) : (
        <Typography.Paragraph>{t('noAnswer')}</Typography.Paragraph>
      )}
      <Typography.Title level={headingLevel} style={{ fontSize: 16 }}>
        {t('historyTitle')}
      </Typography.Title>
      <ol>
        {petition.events.map((e, i) => (
          <li key={i}>
            {formatVnTime(e.at)}: {eventLabel(e.action, e.agencyName)}
            {staff && e.actor ? ` (${e.actor})` : ''}
            {e.note && (staff || e.action === 'transfer') ? ` — ${e.note}` : ''}
          </li>
        ))}
      </ol>
      <Typography.Paragraph className="cqdt-muted" style={{ marginBottom: 0 }}>
        {t('timeNote')}
      </Typography.Paragraph>
    </Card>
  );
}
