import { Alert, Button, Col, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { PageLoader } from '../../../../shared/ui/page-loader';
import { getIncoming, getTimeline } from '../api/incoming';
import { CommentsPanel } from '../../comments/comments-panel';
import { DocumentActions } from '../components/document-actions';
import {
  DocumentAssignments,
  DocumentFiles,
  DocumentInfo,
  DocumentTimeline,
} from '../components/document-details';
import { DueFlag, StateFlag, UrgencyFlags } from '../components/flags';
import { GrantsPanel } from '../components/grants';
import { useAuth } from '../../../../shared/auth/use-auth';
import { incomingMessages } from '../i18n';
import { INCOMING_LIST_PATH } from '../paths';

/**
 * One incoming document: its details, files, assignments and history, and the actions the
 * signed-in person has on it now (the clerk submits, the leader instructs and assigns, the
 * officer accepts, comments, asks for more time, completes, or returns it).
 */
export default function IncomingDocumentPage() {
  const t = useTranslate(incomingMessages);
  const tc = useTranslate(commonMessages);
  const params = useParams();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const [stale, setStale] = useState(false);
  const { hasRole } = useAuth();

  const doc = useAsync((signal) => getIncoming(id, signal), [id], valid);
  const timeline = useAsync((signal) => getTimeline(id, signal), [id], valid);
  const data = doc.data && doc.data.id === id ? doc.data : undefined;
  useDocumentTitle(
    data ? t('documentTitle', { number: data.arrivalNumber }) : t('documentTitleNoNumber'),
    tc('appName'),
  );

  const reload = () => {
    setStale(false);
    doc.reload();
    timeline.reload();
  };

  const heading = (
    <div className="cqdt-page-heading">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {data ? t('documentTitle', { number: data.arrivalNumber }) : t('documentTitleNoNumber')}
      </Typography.Title>
      <Link to={INCOMING_LIST_PATH} className="cqdt-text-link">
        {t('backToList')}
      </Link>
    </div>
  );

  if (!valid || (doc.error && !data)) {
    return (
      <>
        {heading}
        <ErrorAlert error={doc.error ?? new Error('invalid id')} title={t('loadFailed')} />
      </>
    );
  }
  if (!data) {
    return (
      <>
        {heading}
        <PageLoader label={tc('loading')} />
      </>
    );
  }

  return (
    <>
      {heading}
      <Space wrap size={8} style={{ marginBottom: 12 }} data-testid="document-flags">
        <StateFlag state={data.state} t={t} />
        <UrgencyFlags urgency={data.urgency} confidentiality={data.confidentiality} t={t} />
        {data.dueDate ? <DueFlag dueDate={data.dueDate} state={data.state} t={t} /> : null}
      </Space>
      <Typography.Paragraph className="cqdt-wrap-anywhere" style={{ fontSize: 16 }}>
        {data.subject}
      </Typography.Paragraph>
      {data.recallReason ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('recalledTitle')}
          description={t('recalledText', { reason: data.recallReason })}
          data-testid="recalled-alert"
        />
      ) : null}
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t('staleTitle')}
          description={
            <>
              <p>{t('staleText')}</p>
              <Button type="primary" onClick={reload}>
                {t('staleReload')}
              </Button>
            </>
          }
          data-testid="stale-alert"
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <DocumentActions
            key={`${data.id}-${data.version}`}
            doc={data}
            onChanged={reload}
            onStale={() => setStale(true)}
          />
        </Col>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <DocumentInfo doc={data} t={t} />
            <DocumentFiles doc={data} t={t} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <DocumentAssignments doc={data} t={t} />
            {data.confidentiality !== 'none' && hasRole('leader') ? (
              <GrantsPanel doc={data} />
            ) : null}
            <DocumentTimeline items={timeline.data?.items} t={t} />
          </Space>
        </Col>
      </Row>
      <CommentsPanel
        documentId={data.id}
        confidential={data.confidentiality !== 'none'}
        onAdded={timeline.reload}
      />
    </>
  );
}
