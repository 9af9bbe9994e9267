// One message received by e-mail (/van-ban/tiep-nhan/thu-dien-tu/:id): who sent it and how far
// that is proven (DKIM and SPF as tags in words), the remarks it was stored with, its text (plain
// text only: the sender's HTML is never shown), its files with their signature verdicts, the
// original message to download, and the clerk's actions (register / discard) while it waits.
// On a phone the actions come before the details so that they are reached first.
import { Alert, Card, Descriptions, Tag } from 'antd';
import { Link, useParams } from 'react-router';

import { useAuth } from '../../../../shared/auth/use-auth';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useLanguage } from '../../../../shared/i18n/use-language';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { SectionTitle } from '../../../../shared/reception/reception-forms';
import {
  ReceivedWarnings,
  ReceptionActions,
  ReceptionPending,
  ReceptionPageLayout,
} from '../../../../shared/reception/reception-page';
import { useReceptionCopy } from '../../../../shared/reception/use-reception-copy';
import { isMailOff } from '../../api';
import { getIntake, type IntakeDetail, intakeMessageUrl } from '../api';
import { IntakeActions } from '../components/intake-actions';
import { IntakeFiles } from '../components/intake-files';
import { IntakeStateTag } from '../components/intake-state';
import { type MailIntakeTranslate, mailIntakeMessages } from '../i18n';
import '../intake.css';
import { dkimTag, formatSize, spfTag } from '../lib/labels';
import { incomingDocumentPath, MAIL_RECEPTIONS_PATH } from '../paths';

/** DKIM and SPF as tags in words (the colour only repeats them). */
function AuthenticityTags({ item, t }: { item: IntakeDetail; t: MailIntakeTranslate }) {
  const dkim = dkimTag(t, item.dkim);
  const spf = spfTag(t, item.spf);
  return (
    <>
      <Tag color={dkim.colour} data-testid="mail-intake-dkim">
        {dkim.text}
      </Tag>
      <Tag color={spf.colour} data-testid="mail-intake-spf">
        {spf.text}
      </Tag>
    </>
  );
}

/** What became of the message: the incoming document it is now, or why it was discarded. */
function Outcome({ item, t }: { item: IntakeDetail; t: MailIntakeTranslate }) {
  if (item.state === 'registered') {
    return (
      <Alert
        type="success"
        showIcon
        title={item.stateLabel}
        description={
          <>
            {item.handledAt ? (
              <p style={{ margin: '0 0 8px' }}>
                {t('registeredBy', {
                  user: item.handledBy,
                  time: formatVnTime(item.handledAt),
                })}
              </p>
            ) : null}
            {item.documentId ? (
              <Link to={incomingDocumentPath(item.documentId)}>{t('openIncoming')}</Link>
            ) : null}
          </>
        }
      />
    );
  }
  if (item.state === 'discarded') {
    return (
      <Alert
        type="info"
        showIcon
        title={t('discardedTitle')}
        description={
          <>
            {item.discardReason ? (
              <p style={{ margin: '0 0 8px' }} className="cqdt-mail-intake-break">
                {t('discardReason', { reason: item.discardReason })}
              </p>
            ) : null}
            {item.handledAt ? (
              <p style={{ margin: 0 }}>
                {t('discardedBy', { user: item.handledBy, time: formatVnTime(item.handledAt) })}
              </p>
            ) : null}
          </>
        }
      />
    );
  }
  return null;
}

function Details({ item, t }: { item: IntakeDetail; t: MailIntakeTranslate }) {
  const { lang } = useLanguage();
  const or = (value: string) => value || t('noValue');
  const dkim = dkimTag(t, item.dkim);
  const spf = spfTag(t, item.spf);
  return (
    <Card>
      <SectionTitle>{t('detailsTitle')}</SectionTitle>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('fromLabel')}>
          <span className="cqdt-mail-intake-break">
            {item.fromName ? `${item.fromName} <${item.fromAddress}>` : or(item.fromAddress)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('subjectLabel')}>
          <span className="cqdt-mail-intake-break">{item.subject || t('noSubject')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sentAtLabel')}>
          {item.sentAt ? t('timeVn', { time: formatVnTime(item.sentAt) }) : t('noValue')}
        </Descriptions.Item>
        <Descriptions.Item label={t('receivedAtLabel')}>
          {t('timeVn', { time: formatVnTime(item.receivedAt) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('authLabel')}>
          <div className="cqdt-mail-intake-break">
            <div>
              {dkim.text}
              {item.dkim.detail ? ` — ${item.dkim.detail}` : ''}
            </div>
            <div>
              {spf.text}
              {item.spf.detail ? ` — ${item.spf.detail}` : ''}
            </div>
            <div className="cqdt-muted">{t('authHelp')}</div>
          </div>
        </Descriptions.Item>
        <Descriptions.Item label={t('messageIdLabel')}>
          <span className="cqdt-mail-intake-break cqdt-mail-intake-mono">{or(item.messageId)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sizeLabel')}>{formatSize(item.size, lang)}</Descriptions.Item>
        {item.hasMessage ? (
          <Descriptions.Item label={t('originalLabel')}>
            <a href={intakeMessageUrl(item.id)} download={`thu-${item.id}.eml`}>
              {t('downloadMessage')}
            </a>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

function Body({ item, t }: { item: IntakeDetail; t: MailIntakeTranslate }) {
  return (
    <Card style={{ marginTop: 16 }}>
      <section aria-labelledby="mail-intake-body">
        <SectionTitle id="mail-intake-body">{t('bodyTitle')}</SectionTitle>
        {item.bodyText ? (
          <>
            <p className="cqdt-muted" style={{ marginTop: 0 }}>
              {t('bodyNote')}
            </p>
            {/* React renders it as text: whatever the sender wrote, nothing in it is markup. */}
            <pre className="cqdt-mail-intake-body" data-testid="mail-intake-body">
              {item.bodyText}
            </pre>
          </>
        ) : (
          <p style={{ margin: 0 }}>{t('bodyEmpty')}</p>
        )}
      </section>
    </Card>
  );
}

export default function MailIntakePage() {
  const t = useTranslate(mailIntakeMessages);
  const tc = useTranslate(commonMessages);
  const id = Number(useParams().id);
  const { hasRole } = useAuth();
  const copy = useReceptionCopy((signal) => getIntake(id, signal), id);
  const { loaded, item, host } = copy;
  useDocumentTitle(item?.subject || t('tabLabel'), tc('appName'));

  if (!item) {
    // E-mail off answers 503: a quiet notice rather than an error.
    if (isMailOff(loaded.error)) {
      return (
        <>
          <h1 style={{ fontSize: 24 }}>{t('offTitle')}</h1>
          <Alert type="info" showIcon title={t('offText')} data-testid="mail-intake-off" />
        </>
      );
    }
    return <ReceptionPending copy={copy} listPath={MAIL_RECEPTIONS_PATH} t={t} />;
  }

  const isClerk = hasRole('clerk');
  const waiting = item.state === 'received';

  return (
    <ReceptionPageLayout
      back={{ to: MAIL_RECEPTIONS_PATH, label: t('backToList') }}
      title={item.subject || t('noSubject')}
      titleClassName="cqdt-mail-intake-break"
      tags={
        <>
          <IntakeStateTag state={item.state} label={item.stateLabel} />
          <AuthenticityTags item={item} t={t} />
          {item.headerOnly ? <Tag color="warning">{t('headerOnlyTag')}</Tag> : null}
        </>
      }
      tagsClassName="cqdt-mail-intake-tags"
      aside={
        <ReceptionActions
          copy={copy}
          readOnly={!isClerk && waiting ? t('readOnly') : undefined}
          t={t}
        >
          <Outcome item={item} t={t} />
          {isClerk && waiting ? (
            <Card>
              <IntakeActions item={item} {...host} />
            </Card>
          ) : null}
        </ReceptionActions>
      }
    >
      {item.headerOnly ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('headerOnlyTitle')}
          description={t('headerOnlyText')}
        />
      ) : null}
      <ReceivedWarnings warnings={item.warnings} t={t} />
      <Details item={item} t={t} />
      <Body item={item} t={t} />
      <IntakeFiles item={item} />
    </ReceptionPageLayout>
  );
}
