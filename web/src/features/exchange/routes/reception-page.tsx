// One package from outside (/van-ban/tiep-nhan/lien-thong/:id): whether it still stands (recalled,
// replaced, a pending recall request with its answers), its header items, its files (size, SHA-256,
// download), the remarks the hub accepted it with, and the clerk's actions (register / refuse).
// On a phone the actions come before the details so that they are reached first.
import { Alert, Card, Descriptions, Tag } from 'antd';
import { Link, useParams } from 'react-router';

import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { SectionTitle } from '../../../shared/reception/reception-forms';
import {
  ReceivedWarnings,
  ReceptionActions,
  ReceptionPending,
  ReceptionPageLayout,
} from '../../../shared/reception/reception-page';
import { useReceptionCopy } from '../../../shared/reception/use-reception-copy';
import { EmptyState } from '../../../shared/ui/empty-state';
import { getExchangeReception, packageFileUrl } from '../api/receptions';
import type { ExchangeReceptionDetail } from '../api/types';
import { ReceiveActions, RecallAnswer } from '../components/reception-actions';
import { ReceptionStateTag } from '../components/reception-state';
import '../exchange.css';
import { type ExchangeTranslate, exchangeMessages } from '../i18n';
import { formatEdxmlDate, formatSize } from '../lib/format';
import { isNewBusiness, priorityLabel } from '../lib/labels';
import { EXCHANGE_RECEPTIONS_PATH, exchangeReceptionPath, incomingDocumentPath } from '../paths';

/** Recalled or replaced (no longer stands), and what it replaces. */
function Standing({ r, t }: { r: ExchangeReceptionDetail; t: ExchangeTranslate }) {
  const replaces = r.replaces ?? [];
  return (
    <>
      {r.state === 'revoked' ? (
        <Alert type="error" showIcon title={t('revokedTitle')} description={t('revokedText')} />
      ) : null}
      {r.state === 'superseded' || r.replacedBy ? (
        <Alert
          type="error"
          showIcon
          title={t('supersededTitle')}
          description={
            <>
              {t('supersededText')}{' '}
              {r.replacedBy ? (
                <Link to={exchangeReceptionPath(r.replacedBy)}>{t('openReplacement')}</Link>
              ) : null}
            </>
          }
        />
      ) : null}
      {replaces.length > 0 ? (
        <Alert
          type="info"
          showIcon
          title={t('replacesTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {replaces.map((p) => (
                <li key={p.documentId} className="cqdt-break">
                  {p.receptionId ? (
                    <Link to={exchangeReceptionPath(p.receptionId)}>
                      {t('replacesLink', { documentId: p.documentId })}
                    </Link>
                  ) : (
                    t('replacesUnknown', { documentId: p.documentId })
                  )}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
    </>
  );
}

function Files({ r, t }: { r: ExchangeReceptionDetail; t: ExchangeTranslate }) {
  const { lang } = useLanguage();
  return (
    <Card style={{ marginTop: 16 }}>
      <section aria-labelledby="exchange-files">
        <SectionTitle id="exchange-files">{t('filesTitle')}</SectionTitle>
        {r.files.length === 0 ? (
          <EmptyState text={t('filesEmpty')} />
        ) : (
          <ul className="cqdt-file-list">
            {r.files.map((f) => (
              <li key={f.index}>
                <div className="cqdt-break">
                  <strong>{f.name}</strong>{' '}
                  {f.registrable ? (
                    <Tag color="success">{t('fileRegistrable')}</Tag>
                  ) : (
                    <Tag>{t('fileKept')}</Tag>
                  )}
                </div>
                <div className="cqdt-muted">
                  {t('fileSize', { size: formatSize(f.size, lang) })} · {f.contentType}
                </div>
                <div className="cqdt-break">
                  <span className="cqdt-muted">{t('fileSha')}</span>{' '}
                  <span className="cqdt-mono">{f.sha256}</span>
                </div>
                <a
                  href={packageFileUrl(r.id, f.index)}
                  download={f.name}
                  aria-label={t('downloadName', { name: f.name })}
                >
                  {t('download')}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Card>
  );
}

export default function ExchangeReceptionPage() {
  const t = useTranslate(exchangeMessages);
  const tc = useTranslate(commonMessages);
  const id = Number(useParams().id);
  const { hasRole } = useAuth();
  const copy = useReceptionCopy((signal) => getExchangeReception(id, signal), id);
  const { item: r, host } = copy;
  useDocumentTitle(r?.subject || t('tabLabel'), tc('appName'));

  if (!r) {
    return <ReceptionPending copy={copy} listPath={EXCHANGE_RECEPTIONS_PATH} t={t} />;
  }

  const h = r.header;
  const isClerk = hasRole('clerk');
  const waiting = r.state === 'received';
  const or = (value: string) => value || t('noValue');

  return (
    <ReceptionPageLayout
      back={{ to: EXCHANGE_RECEPTIONS_PATH, label: t('backToList') }}
      title={r.subject || r.documentId}
      titleClassName="cqdt-break"
      tags={
        <>
          <ReceptionStateTag state={r.state} label={r.stateLabel} />
          {isNewBusiness(r.business) ? null : <Tag color="orange">{r.businessLabel}</Tag>}
          {h.typeName ? <Tag>{h.typeName}</Tag> : null}
          {h.priority > 0 ? <Tag color="red">{priorityLabel(t, h.priority)}</Tag> : null}
        </>
      }
      aside={
        <ReceptionActions
          copy={copy}
          readOnly={!isClerk && waiting ? t('readOnly') : undefined}
          t={t}
        >
          <RecallAnswer reception={r} canAnswer={isClerk} {...host} />
          <Standing r={r} t={t} />
          {r.incomingDocumentId ? (
            <Link to={incomingDocumentPath(r.incomingDocumentId)}>{t('openIncoming')}</Link>
          ) : null}
          {isClerk && waiting ? (
            <Card>
              <ReceiveActions reception={r} {...host} />
            </Card>
          ) : null}
        </ReceptionActions>
      }
    >
      <ReceivedWarnings warnings={r.warnings} t={t} />
      <Card>
        <SectionTitle>{t('detailsTitle')}</SectionTitle>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('senderLabel')}>
            <span className="cqdt-break">
              {r.senderName ? `${r.senderName} (${r.senderCode})` : r.senderCode}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('documentIdLabel')}>
            <span className="cqdt-break cqdt-mono">{r.documentId}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('numberTextLabel')}>{or(h.numberText)}</Descriptions.Item>
          <Descriptions.Item label={t('promulgationLabel')}>
            {or(formatEdxmlDate(h.promulgationDate))}
          </Descriptions.Item>
          {h.place ? (
            <Descriptions.Item label={t('placeLabel')}>{h.place}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('typeLabel')}>{or(h.typeName)}</Descriptions.Item>
          <Descriptions.Item label={t('signerLabel')}>
            {or([h.signerName, h.signerPosition].filter(Boolean).join(' – '))}
          </Descriptions.Item>
          {h.competence ? (
            <Descriptions.Item label={t('competenceLabel')}>{h.competence}</Descriptions.Item>
          ) : null}
          {h.content ? (
            <Descriptions.Item label={t('contentLabel')}>{h.content}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('dueDateLabel')}>
            {or(formatEdxmlDate(h.dueDate))}
          </Descriptions.Item>
          <Descriptions.Item label={t('priorityLabel')}>
            {priorityLabel(t, h.priority)}
          </Descriptions.Item>
          <Descriptions.Item label={t('businessLabel')}>{r.businessLabel}</Descriptions.Item>
          {h.to.length > 0 ? (
            <Descriptions.Item label={t('toLabel')}>
              <span className="cqdt-break">
                {h.to.map((to) => (to.name ? `${to.name} (${to.code})` : to.code)).join('; ')}
              </span>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('receivedAtLabel')}>
            {t('timeVn', { time: formatVnTime(r.receivedAt) })}
          </Descriptions.Item>
          {r.statusLabel ? (
            <Descriptions.Item label={t('statusLabel')}>{r.statusLabel}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Files r={r} t={t} />
    </ReceptionPageLayout>
  );
}
