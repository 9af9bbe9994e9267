// One document another agency sent (/van-ban/tiep-nhan/:id, the link of the server's notices):
// its details, which version stands, the signed file in the PDF viewer with the verdict of its
// signatures, and the clerk's actions (register / refuse; answer a recall). On a phone the
// actions come before the viewer so that they are reached first.
import { Alert, Card, Descriptions, List, Space, Tag } from 'antd';
import { Link, useParams } from 'react-router';

import { useAuth } from '../../../../shared/auth/use-auth';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useLanguage } from '../../../../shared/i18n/use-language';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { formatVnDate, formatVnTime } from '../../../../shared/lib/vn-time';
import { SectionTitle } from '../../../../shared/reception/reception-forms';
import {
  ReceptionActions,
  ReceptionPending,
  ReceptionPageLayout,
} from '../../../../shared/reception/reception-page';
import { useReceptionCopy } from '../../../../shared/reception/use-reception-copy';
import { EmptyState } from '../../../../shared/ui/empty-state';
import PdfViewer from '../../../../shared/ui/pdf-viewer/pdf-viewer';
import { getReception, receptionFileUrl, verifyReceptionFile } from '../api/receptions';
import type { Reception } from '../api/types';
import { ReceiveActions, RecallAnswer } from '../components/reception-actions';
import { ReceptionStatusTag } from '../components/status-tag';
import { receptionMessages, type ReceptionTranslate } from '../i18n';
import { incomingDocumentPath, RECEPTION_PATH } from '../paths';

const URGENT = new Set(['urgent', 'very_urgent', 'express']);

function Verdict({ reception, t }: { reception: Reception; t: ReceptionTranslate }) {
  const { lang } = useLanguage();
  const file = reception.file;
  // Checked again when the language changes: the server words the report in the UI's language.
  const report = useAsync(
    (signal) => verifyReceptionFile(reception.id, file?.name ?? 'document.pdf', signal),
    [reception.id, lang],
    file !== null,
  );
  if (!file) {
    return null;
  }
  let body;
  if (report.loading && !report.data) {
    body = <p role="status">{t('verifying')}</p>;
  } else if (!report.data) {
    body = <Alert type="warning" showIcon title={t('verifyFailed')} />;
  } else {
    const r = report.data;
    const kind =
      r.indication === 'TOTAL_PASSED'
        ? 'success'
        : r.indication === 'TOTAL_FAILED'
          ? 'error'
          : 'warning';
    const title =
      r.indication === 'TOTAL_PASSED'
        ? t('verifyPassed')
        : r.indication === 'TOTAL_FAILED'
          ? t('verifyFailedVerdict')
          : t('verifyIndeterminate');
    body = (
      <Alert
        type={kind}
        showIcon
        title={title}
        description={
          <>
            <div>{r.conclusion}</div>
            {r.signatures.length > 0 ? (
              <ul style={{ margin: '8px 0 0', paddingInlineStart: 20 }}>
                {r.signatures.map((s) => (
                  <li key={s.index}>
                    {s.signer
                      ? t('signatureOf', { name: s.signer.commonName })
                      : t('signatureUnknown')}
                    : {s.conclusion}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        }
      />
    );
  }
  return (
    <Card style={{ marginBottom: 16 }}>
      <section aria-labelledby="reception-verdict">
        <SectionTitle id="reception-verdict">{t('verifyTitle')}</SectionTitle>
        {body}
      </section>
    </Card>
  );
}

/** Which version stands: recalled or replaced (no longer), or the replacement of an earlier one. */
function Standing({ reception, t }: { reception: Reception; t: ReceptionTranslate }) {
  const brief = (b: NonNullable<Reception['replaces']>) => ({
    number: b.numberText ?? t('noNumber'),
    subject: b.subject,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {reception.stands ? (
        <Alert type="success" showIcon title={t('standsText')} />
      ) : (
        <Alert
          type="error"
          showIcon
          title={t('notStandingTitle')}
          description={
            reception.replacedBy
              ? t('replacedByText', brief(reception.replacedBy))
              : reception.document.recallReason
                ? `${t('recalledText')} ${t('recallReasonText', { reason: reception.document.recallReason })}`
                : t('recalledText')
          }
        />
      )}
      {reception.replaces ? (
        <Alert type="info" showIcon title={t('replacesText', brief(reception.replaces))} />
      ) : null}
    </Space>
  );
}

export default function ReceptionPage() {
  const t = useTranslate(receptionMessages);
  const tc = useTranslate(commonMessages);
  const id = Number(useParams().id);
  const { hasRole } = useAuth();
  const copy = useReceptionCopy((signal) => getReception(id, signal), id);
  const { item: reception, host } = copy;
  useDocumentTitle(reception?.document.subject ?? t('listTitle'), tc('appName'));

  if (!reception) {
    return <ReceptionPending copy={copy} listPath={RECEPTION_PATH} t={t} />;
  }

  const doc = reception.document;
  const isClerk = hasRole('clerk');
  const waiting = reception.status === '01' || reception.status === '13';
  const actions = (
    <ReceptionActions copy={copy} readOnly={!isClerk && waiting ? t('readOnly') : undefined} t={t}>
      <Standing reception={reception} t={t} />
      {reception.incomingDocumentId ? (
        <Link to={incomingDocumentPath(reception.incomingDocumentId)}>{t('openIncoming')}</Link>
      ) : null}
      {isClerk && reception.status === '01' ? (
        <Card>
          <ReceiveActions reception={reception} {...host} />
        </Card>
      ) : null}
      {isClerk && reception.status === '13' ? (
        <Card>
          <RecallAnswer reception={reception} {...host} />
        </Card>
      ) : null}
    </ReceptionActions>
  );

  return (
    <ReceptionPageLayout
      back={{ to: RECEPTION_PATH, label: t('backToList') }}
      title={doc.subject}
      tags={
        <>
          <ReceptionStatusTag status={reception.status} label={reception.statusLabel} />
          <Tag>{doc.typeName}</Tag>
          {URGENT.has(doc.urgency) ? (
            <Tag color="red" title={t('urgentFlag')}>
              {doc.urgencyLabel}
            </Tag>
          ) : null}
          {doc.confidentiality !== 'none' ? (
            <Tag color="error">{doc.confidentialityLabel}</Tag>
          ) : null}
        </>
      }
      aside={
        <>
          {actions}
          <Card style={{ marginTop: 16 }}>
            <SectionTitle>{t('detailsTitle')}</SectionTitle>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('senderLabel')}>{reception.senderName}</Descriptions.Item>
              <Descriptions.Item label={t('numberTextLabel')}>
                {doc.numberText ?? t('noNumber')}
              </Descriptions.Item>
              <Descriptions.Item label={t('issuedDateLabel')}>
                {formatVnDate(doc.issuedDate)}
              </Descriptions.Item>
              <Descriptions.Item label={t('typeLabel')}>{doc.typeName}</Descriptions.Item>
              <Descriptions.Item label={t('signerLabel')}>
                {[doc.signerName, doc.signerPosition].filter(Boolean).join(' – ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('urgencyLabel')}>{doc.urgencyLabel}</Descriptions.Item>
              <Descriptions.Item label={t('confidentialityLabel')}>
                {doc.confidentialityLabel}
              </Descriptions.Item>
              <Descriptions.Item label={t('pagesLabel')}>{doc.pageCount}</Descriptions.Item>
              <Descriptions.Item label={t('statusLabel')}>
                {reception.statusLabel} — {t('timeVn', { time: formatVnTime(reception.statusAt) })}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card style={{ marginTop: 16 }}>
            <SectionTitle>{t('historyTitle')}</SectionTitle>
            {reception.history.length === 0 ? (
              <EmptyState text={t('historyEmpty')} />
            ) : (
              <List
                size="small"
                dataSource={reception.history}
                renderItem={(h) => (
                  <List.Item>
                    <div>
                      <ReceptionStatusTag status={h.status} label={h.statusLabel} />{' '}
                      <span className="cqdt-muted">
                        {t('timeVn', { time: formatVnTime(h.at) })}
                        {h.actorName ? ` · ${h.actorName}` : ''}
                      </span>
                      {h.reason ? <div>{t('historyReason', { reason: h.reason })}</div> : null}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </>
      }
    >
      <Verdict reception={reception} t={t} />
      {reception.file ? (
        <PdfViewer
          src={receptionFileUrl(reception.id)}
          title={t('viewerTitle', { name: reception.file.name })}
        />
      ) : (
        <Card>
          <EmptyState text={t('noFile')} />
        </Card>
      )}
    </ReceptionPageLayout>
  );
}
