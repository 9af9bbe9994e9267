// One package from outside (/van-ban/tiep-nhan/lien-thong/:id): whether it still stands (recalled,
// replaced, a pending recall request with its answers), its header items, its files (size, SHA-256,
// download), the remarks the hub accepted it with, and the clerk's actions (register / refuse).
// On a phone the actions come before the details so that they are reached first.
import { Alert, Button, Card, Col, Descriptions, Result, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError } from '../../../shared/api/client';
import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { PageLoader } from '../../../shared/ui/page-loader';
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
        <Typography.Title id="exchange-files" level={2} style={{ fontSize: 18, marginTop: 0 }}>
          {t('filesTitle')}
        </Typography.Title>
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
  const loaded = useAsync((signal) => getExchangeReception(id, signal), [id]);
  const [changed, setChanged] = useState<{ base: unknown; r: ExchangeReceptionDetail }>();
  const [staleBase, setStaleBase] = useState<unknown>(null);
  const r = changed && changed.base === loaded.data ? changed.r : loaded.data;
  const stale = staleBase !== null && staleBase === loaded.data;
  useDocumentTitle(r?.subject || t('tabLabel'), tc('appName'));

  if (loaded.loading && !r) {
    return <PageLoader label={tc('loading')} />;
  }
  if (!r) {
    if (loaded.error instanceof ApiError && loaded.error.status === 404) {
      return (
        <Result
          status="404"
          title={<h1 style={{ fontSize: 24 }}>{t('notFoundTitle')}</h1>}
          subTitle={t('notFoundText')}
          extra={<Link to={EXCHANGE_RECEPTIONS_PATH}>{t('backToList')}</Link>}
        />
      );
    }
    return (
      <>
        <h1 style={{ fontSize: 24 }}>{t('loadFailed')}</h1>
        <ErrorAlert error={loaded.error} />
        <Button style={{ marginTop: 16 }} onClick={loaded.reload}>
          {t('reload')}
        </Button>
      </>
    );
  }

  const h = r.header;
  const host = {
    onChanged: (next: ExchangeReceptionDetail) => setChanged({ base: loaded.data, r: next }),
    onStale: () => setStaleBase(loaded.data),
  };
  const isClerk = hasRole('clerk');
  const or = (value: string) => value || t('noValue');

  const actions = (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('staleTitle')}
          description={t('staleText')}
          action={
            <Button size="small" onClick={loaded.reload}>
              {t('reload')}
            </Button>
          }
        />
      ) : null}
      <RecallAnswer reception={r} canAnswer={isClerk} {...host} />
      <Standing r={r} t={t} />
      {r.incomingDocumentId ? (
        <Link to={incomingDocumentPath(r.incomingDocumentId)}>{t('openIncoming')}</Link>
      ) : null}
      {isClerk && r.state === 'received' ? (
        <Card>
          <ReceiveActions reception={r} {...host} />
        </Card>
      ) : null}
      {!isClerk && r.state === 'received' ? (
        <Alert type="info" showIcon title={t('readOnly')} />
      ) : null}
    </Space>
  );

  return (
    <>
      <Space wrap size="small" style={{ marginBottom: 8 }}>
        <Link to={EXCHANGE_RECEPTIONS_PATH}>{t('backToList')}</Link>
      </Space>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }} className="cqdt-break">
        {r.subject || r.documentId}
      </Typography.Title>
      <Space wrap size="small" style={{ marginBottom: 16 }}>
        <ReceptionStateTag state={r.state} label={r.stateLabel} />
        {isNewBusiness(r.business) ? null : <Tag color="orange">{r.businessLabel}</Tag>}
        {h.typeName ? <Tag>{h.typeName}</Tag> : null}
        {h.priority > 0 ? <Tag color="red">{priorityLabel(t, h.priority)}</Tag> : null}
      </Space>
      <Row gutter={[24, 24]}>
        <Col xs={{ span: 24, order: 1 }} xl={{ span: 10, order: 2 }}>
          {actions}
        </Col>
        <Col xs={{ span: 24, order: 2 }} xl={{ span: 14, order: 1 }}>
          {r.warnings.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('warningsTitle')}
              description={
                <>
                  <p style={{ margin: '0 0 8px' }}>{t('warningsIntro')}</p>
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {r.warnings.map((w, index) => (
                      <li key={`${w.code}-${index}`}>{w.message}</li>
                    ))}
                  </ul>
                </>
              }
            />
          ) : null}
          <Card>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
              {t('detailsTitle')}
            </Typography.Title>
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
        </Col>
      </Row>
    </>
  );
}
