// One outgoing document (/van-ban/di/:id, the link of the server's notices): its details, the PDF
// in the viewer (any version), the review history and timeline, and the panel of what the caller
// does next (draft, review, sign, issue). On a phone the panel comes before the viewer, so the
// leader approving on the go reaches the buttons first.
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  List,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { type ComponentType, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';

import { useAuth } from '../../../../shared/auth/use-auth';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { PageLoader } from '../../../../shared/ui/page-loader';
import PdfViewer, { type PdfViewport } from '../../../../shared/ui/pdf-viewer/pdf-viewer';
import { fileUrl, getOutgoing, getTimeline } from '../api/outgoing';
import type { OutgoingDocument, OutgoingFile } from '../api/types';
import {
  DraftPanel,
  IssuedBanner,
  IssuePanel,
  ReviewPanel,
  SignPanel,
} from '../components/action-panels';
import { CommentsPanel } from '../../comments/comments-panel';
import { LoadProblem, StaleAlert } from '../components/load-problem';
import { ProcessingPanels } from '../components/processing-panels';
import { DeliverySection } from '../components/release-panel';
import { issuePositions, StampOverlay, useStampBoxes } from '../components/position-picker';
import { outgoingMessages } from '../i18n';
import '../outgoing.css';
import { OUTGOING_PATH } from '../paths';

// A DOCX source and the appendices are never the file shown first.
const ROLE_ORDER: Record<OutgoingFile['role'], number> = {
  source: -1,
  attachment: -1,
  issued_attachment: -1,
  draft: 0,
  signed: 1,
  issued: 2,
};

/** The file to show first: the issued one, else the signed one, else the newest draft. */
function latestFile(files: OutgoingFile[]): OutgoingFile | undefined {
  return [...files].sort(
    (a, b) => ROLE_ORDER[b.role] - ROLE_ORDER[a.role] || b.version - a.version,
  )[0];
}

const URGENT = new Set(['urgent', 'very_urgent', 'express']);

/** The states in which a document went out to its recipients. */
const DELIVERED = new Set(['released', 'recalled', 'replaced']);

/** A section about the document's transport (the exchange's, given by src/app). */
export type ExchangeSectionComponent = ComponentType<{ documentId: number; refreshKey?: number }>;

export default function OutgoingDocumentPage({
  ExchangeSection,
}: {
  ExchangeSection?: ExchangeSectionComponent;
}) {
  const t = useTranslate(outgoingMessages);
  const tc = useTranslate(commonMessages);
  const id = Number(useParams().id);
  const { user, hasRole } = useAuth();
  const myId = Number(user?.id);
  const loaded = useAsync((signal) => getOutgoing(id, signal), [id]);
  // The document as the last action answered it, until the next load replaces it.
  const [changed, setChanged] = useState<{ base: unknown; doc: OutgoingDocument }>();
  const [staleBase, setStaleBase] = useState<unknown>(null);
  const doc = changed && changed.base === loaded.data ? changed.doc : loaded.data;
  const stale = staleBase !== null && staleBase === loaded.data;
  const [viewing, setViewing] = useState<number | null>(null);
  const [page1, setPage1] = useState<PdfViewport | null>(null);
  const [timelineVersion, setTimelineVersion] = useState(0);
  const timeline = useAsync(
    (signal) => getTimeline(id, signal),
    [id, timelineVersion, doc?.version],
    doc !== undefined,
  );
  useDocumentTitle(doc?.subject ?? t('listTitle'), tc('appName'));

  const shown = useMemo(() => {
    if (!doc) {
      return undefined;
    }
    return doc.files.find((f) => f.id === viewing) ?? latestFile(doc.files);
  }, [doc, viewing]);

  const isClerkIssuing = doc?.state === 'signed' && hasRole('clerk');
  const signedFile = doc?.files.find((f) => f.role === 'signed');
  const stampSource = isClerkIssuing && signedFile && doc ? fileUrl(doc.id, signedFile.id) : null;
  const stamp = useStampBoxes(stampSource);

  if (loaded.loading && !doc) {
    return <PageLoader label={tc('loading')} />;
  }
  if (!doc) {
    return <LoadProblem error={loaded.error} onReload={loaded.reload} />;
  }

  const host = {
    onChanged: (next: OutgoingDocument) => {
      setChanged({ base: loaded.data, doc: next });
      setViewing(null);
      setTimelineVersion((v) => v + 1);
    },
    onStale: () => setStaleBase(loaded.data),
  };
  // Consultations are answered in their own panel; the turn is the unit head's or the signer's.
  const pending = doc.reviews.find((r) => r.state === 'pending' && r.step !== 'consult');
  const myTurn = doc.state === 'in_review' && pending?.reviewerId === myId;
  const isSigner = doc.signerId === myId;

  const fileColumns: TableColumnsType<OutgoingFile> = [
    { title: t('colKind'), dataIndex: 'roleLabel', key: 'role' },
    { title: t('colVersion'), dataIndex: 'version', key: 'version', width: 90 },
    { title: t('colFileName'), dataIndex: 'name', key: 'name', ellipsis: true },
    {
      title: t('colUploadedAt'),
      dataIndex: 'uploadedAt',
      key: 'uploadedAt',
      render: (value: string) => formatVnTime(value),
    },
    {
      title: tc('actions'),
      key: 'view',
      render: (_, file) =>
        file.id === shown?.id ? (
          <Tag>{t('viewing')}</Tag>
        ) : (
          <Button
            size="small"
            onClick={() => setViewing(file.id)}
            aria-label={`${t('view')}: ${file.roleLabel} ${file.version}`}
          >
            {t('view')}
          </Button>
        ),
    },
  ];

  const showStampBoxes = isClerkIssuing && shown?.id === signedFile?.id;
  const positionsNote = isClerkIssuing ? (
    <div style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('positionsTitle')}
      </Typography.Title>
      {stamp.found !== null ? (
        <Alert
          type={stamp.found ? 'info' : 'warning'}
          showIcon
          title={stamp.found ? t('positionsFound') : t('positionsNotFound')}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      <p className="cqdt-muted">{t('positionsHelp')}</p>
      <p className="cqdt-muted">{t('positionsServerNote')}</p>
    </div>
  ) : null;

  const actions = (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {stale ? <StaleAlert onReload={loaded.reload} /> : null}
      {doc.state === 'numbered' ? <IssuedBanner doc={doc} /> : null}
      {doc.state === 'draft' && doc.drafterId === myId ? (
        <Card>
          <DraftPanel doc={doc} myId={myId} {...host} />
        </Card>
      ) : null}
      <ProcessingPanels doc={doc} myId={myId} {...host} />
      {myTurn ? (
        <Card>
          <ReviewPanel doc={doc} review={pending} canApprove {...host} />
        </Card>
      ) : null}
      {doc.state === 'approved' && isSigner ? (
        <Card>
          <SignPanel doc={doc} {...host} />
        </Card>
      ) : null}
      {(doc.state === 'approved' || doc.state === 'signed') && isSigner ? (
        <Card>
          <ReviewPanel doc={doc} canApprove={false} {...host} />
        </Card>
      ) : null}
      {isClerkIssuing ? (
        <Card>
          <IssuePanel
            doc={doc}
            positionsNote={positionsNote}
            positions={stamp.moved ? issuePositions(stamp.boxes) : undefined}
            {...host}
          />
        </Card>
      ) : null}
      <DeliverySection doc={doc} {...host} />
      {ExchangeSection && DELIVERED.has(doc.state as string) ? (
        <ExchangeSection documentId={doc.id} refreshKey={doc.version} />
      ) : null}
      {doc.state === 'in_review' && pending && !myTurn ? (
        <Alert
          type="info"
          showIcon
          title={t('waitingFor', { name: pending.reviewerName, step: pending.stepLabel })}
        />
      ) : null}
    </Space>
  );

  return (
    <>
      <Space wrap size="small" style={{ marginBottom: 8 }}>
        <Link to={OUTGOING_PATH}>{t('backToList')}</Link>
      </Space>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {doc.subject}
      </Typography.Title>
      <Space wrap size="small" style={{ marginBottom: 16 }}>
        <Tag color="blue">{doc.stateLabel}</Tag>
        <Tag>{doc.typeName}</Tag>
        {URGENT.has(doc.urgency) ? (
          <Tag color="red" title={t('urgentFlag')}>
            {doc.urgencyLabel}
          </Tag>
        ) : null}
        {doc.confidentiality !== 'none' ? (
          <Tag color="error">{doc.confidentialityLabel}</Tag>
        ) : null}
      </Space>
      <Row gutter={[24, 24]}>
        <Col xs={{ span: 24, order: 1 }} xl={{ span: 10, order: 2 }}>
          {actions}
          <Card style={{ marginTop: 16 }}>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
              {t('detailsTitle')}
            </Typography.Title>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('numberTextLabel')}>
                {doc.numberText ?? t('notIssued')}
              </Descriptions.Item>
              <Descriptions.Item label={t('issuedDateLabel')}>
                {doc.issuedDate ? doc.issuedDate.split('-').reverse().join('/') : t('notIssued')}
              </Descriptions.Item>
              <Descriptions.Item label={t('typeLabel')}>{doc.typeName}</Descriptions.Item>
              <Descriptions.Item label={t('urgencyLabel')}>{doc.urgencyLabel}</Descriptions.Item>
              <Descriptions.Item label={t('confidentialityLabel')}>
                {doc.confidentialityLabel}
              </Descriptions.Item>
              <Descriptions.Item label={t('signerLabel')}>
                {doc.signerName
                  ? [doc.signerName, doc.signerPosition].filter(Boolean).join(' – ')
                  : t('noSigner')}
              </Descriptions.Item>
              <Descriptions.Item label={t('recipientsLabel')}>
                {doc.recipients.length > 0
                  ? doc.recipients.map((r) => r.name).join('; ')
                  : t('noRecipients')}
              </Descriptions.Item>
              {doc.description ? (
                <Descriptions.Item label={t('descriptionLabel')}>
                  {doc.description}
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('createdAtLabel')}>
                {formatVnTime(doc.createdAt)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card style={{ marginTop: 16 }}>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
              {t('reviewsTitle')}
            </Typography.Title>
            {doc.reviews.length === 0 ? (
              <EmptyState text={t('reviewsEmpty')} />
            ) : (
              <List
                size="small"
                dataSource={doc.reviews}
                renderItem={(r) => (
                  <List.Item>
                    <div>
                      <strong>{r.stepLabel}</strong>: {r.reviewerName} —{' '}
                      <Tag
                        color={
                          r.state === 'returned'
                            ? 'error'
                            : r.state === 'approved'
                              ? 'success'
                              : 'warning'
                        }
                      >
                        {r.stateLabel}
                      </Tag>
                      {r.comment ? <div>“{r.comment}”</div> : null}
                      {r.decidedAt ? (
                        <div className="cqdt-muted">
                          {t('timeVn', { time: formatVnTime(r.decidedAt) })}
                        </div>
                      ) : null}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 2 }} xl={{ span: 14, order: 1 }}>
          {shown ? (
            <PdfViewer
              key={shown.id}
              src={fileUrl(doc.id, shown.id)}
              title={t('viewerTitle', {
                kind: shown.roleLabel,
                version: shown.version,
                name: shown.name,
              })}
              onPageRendered={(page, viewport) => {
                if (page === 1) {
                  setPage1(viewport);
                }
              }}
              overlay={
                showStampBoxes
                  ? (page) =>
                      page === 1 && page1 ? (
                        <StampOverlay
                          boxes={stamp.boxes}
                          page={page1}
                          onChange={stamp.setBoxes}
                          t={t}
                        />
                      ) : null
                  : undefined
              }
            />
          ) : (
            <Card>
              <EmptyState text={t('versionsEmpty')} />
            </Card>
          )}
          <Card style={{ marginTop: 16 }}>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
              {t('versionsTitle')}
            </Typography.Title>
            <Table<OutgoingFile>
              rowKey="id"
              size="small"
              pagination={false}
              columns={fileColumns}
              dataSource={doc.files}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <EmptyState text={t('versionsEmpty')} /> }}
            />
          </Card>
          <Card style={{ marginTop: 16 }}>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
              {t('timelineTitle')}
            </Typography.Title>
            {(timeline.data?.items.length ?? 0) === 0 ? (
              <EmptyState text={t('timelineEmpty')} />
            ) : (
              <List
                size="small"
                dataSource={timeline.data?.items ?? []}
                renderItem={(e) => (
                  <List.Item>
                    <div>
                      <div className="cqdt-muted">
                        {t('timeVn', { time: formatVnTime(e.at) })} · {e.actorName}
                      </div>
                      <div>{e.detail}</div>
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      <CommentsPanel
        documentId={doc.id}
        confidential={doc.confidentiality !== 'none'}
        onAdded={() => setTimelineVersion((v) => v + 1)}
      />
    </>
  );
}
