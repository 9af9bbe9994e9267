import { DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Card, Descriptions, List, Space, Timeline } from 'antd';
import { lazy, Suspense } from 'react';

import { formatVnTime, toVnIso } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { fileUrl, stampedFileUrl } from '../api/incoming';
import type { Assignment, DocumentFile, IncomingDocumentDetail, TimelineItem } from '../api/types';
import { incomingMessages, type IncomingMessageKey, type IncomingTranslate } from '../i18n';
import { formatDay } from '../lib/dates';
import { DueFlag } from './flags';
import { SignatureVerdict } from './file-uploader';

// The viewer is its own chunk (web-outgoing's pdf.js one is large): loaded when a file shows.
const PdfViewer = lazy(() => import('../../../../shared/ui/pdf-viewer/pdf-viewer'));

function orNone(value: string | number | null | undefined, t: IncomingTranslate) {
  return value === '' || value === 0 || value === null || value === undefined ? (
    <span className="cqdt-muted">{t('noValue')}</span>
  ) : (
    value
  );
}

/** Every Appendix VI §8.2 item of the document the API gives. */
export function DocumentInfo({ doc, t }: { doc: IncomingDocumentDetail; t: IncomingTranslate }) {
  return (
    <Card title={<h2 className="cqdt-card-title">{t('sectionInfo')}</h2>}>
      <Descriptions column={{ xs: 1, md: 2 }} size="small" layout="vertical">
        <Descriptions.Item label={t('arrivalNumber')}>{doc.arrivalNumber}</Descriptions.Item>
        <Descriptions.Item label={t('arrivalDate')}>{formatDay(doc.arrivalDate)}</Descriptions.Item>
        <Descriptions.Item label={t('numberText')}>{orNone(doc.numberText, t)}</Descriptions.Item>
        <Descriptions.Item label={t('issuedDate')}>{formatDay(doc.issuedDate)}</Descriptions.Item>
        <Descriptions.Item label={t('sender')}>{doc.senderName}</Descriptions.Item>
        <Descriptions.Item label={t('type')}>{orNone(doc.typeName, t)}</Descriptions.Item>
        <Descriptions.Item label={t('subject')} span={{ xs: 1, md: 2 }}>
          <span className="cqdt-wrap-anywhere">{doc.subject}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('signerName')}>
          {doc.signerName
            ? [doc.signerPosition, doc.signerName].filter(Boolean).join(' ')
            : orNone('', t)}
        </Descriptions.Item>
        <Descriptions.Item label={t('pageCount')}>{orNone(doc.pageCount, t)}</Descriptions.Item>
        <Descriptions.Item label={t('urgency')}>{t(`urgency_${doc.urgency}`)}</Descriptions.Item>
        <Descriptions.Item label={t('confidentiality')}>
          {t(`confidentiality_${doc.confidentiality}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('channel')}>{t(`channel_${doc.channel}`)}</Descriptions.Item>
        <Descriptions.Item label={t('dueDate')}>
          <DueFlag dueDate={doc.dueDate} state={doc.state} t={t} />
        </Descriptions.Item>
        <Descriptions.Item label={t('toPlaces')}>{orNone(doc.toPlaces, t)}</Descriptions.Item>
        <Descriptions.Item label={t('description')}>{orNone(doc.description, t)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function FileItem({
  doc,
  file,
  t,
}: {
  doc: IncomingDocumentDetail;
  file: DocumentFile;
  t: IncomingTranslate;
}) {
  const documentId = doc.id;
  const src = fileUrl(documentId, file.id);
  // The API stamps a copy of a PDF scan or main file (docs/api.md, `?stamp=arrival`).
  const stampable =
    file.contentType === 'application/pdf' && (file.role === 'main' || file.role === 'scan');
  return (
    <List.Item>
      <Space orientation="vertical" style={{ width: '100%' }} size={6}>
        {file.contentType === 'application/pdf' ? (
          <Suspense fallback={<span>{file.name}</span>}>
            <PdfViewer src={src} title={file.name} />
          </Suspense>
        ) : (
          <a href={src} download className="cqdt-text-link cqdt-wrap-anywhere">
            <PaperClipOutlined aria-hidden /> {file.name}
          </a>
        )}
        <Space wrap size={12}>
          {file.pages > 0 ? (
            <span className="cqdt-muted">{t('filePages', { count: file.pages })}</span>
          ) : null}
          <SignatureVerdict file={file} t={t} />
        </Space>
        {stampable ? (
          <Space wrap size={12} data-testid="arrival-stamp">
            <span className="cqdt-muted">
              {t('stampRecorded', {
                number: doc.arrivalNumber,
                date: formatDay(doc.arrivalDate),
              })}
            </span>
            <a
              href={stampedFileUrl(documentId, file.id)}
              download
              className="cqdt-text-link"
              aria-label={t('stampDownloadNamed', { name: file.name })}
            >
              <DownloadOutlined aria-hidden /> {t('stampDownload')}
            </a>
          </Space>
        ) : null}
      </Space>
    </List.Item>
  );
}

export function DocumentFiles({ doc, t }: { doc: IncomingDocumentDetail; t: IncomingTranslate }) {
  return (
    <Card title={<h2 className="cqdt-card-title">{t('sectionFiles')}</h2>}>
      {doc.files.length === 0 ? (
        <EmptyState text={t('filesEmpty')} />
      ) : (
        <List
          dataSource={doc.files}
          rowKey="id"
          renderItem={(file) => <FileItem doc={doc} file={file} t={t} />}
        />
      )}
    </Card>
  );
}

function AssignmentItem({ item, t }: { item: Assignment; t: IncomingTranslate }) {
  return (
    <List.Item data-testid={`assignment-${item.userId}`}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={8}>
          <strong>{item.fullName}</strong>
          {item.unitName ? (
            <span className="cqdt-flag cqdt-flag--state">
              {t('unitAssignment', { unit: item.unitName })}
            </span>
          ) : null}
          {item.parentId ? <span className="cqdt-muted">{t('forwardedFrom')}</span> : null}
          <span className="cqdt-flag cqdt-flag--state">{t(`role_${item.role}`)}</span>
          <span>{t(`assignmentState_${item.state}`)}</span>
          {item.dueDate ? (
            <DueFlag
              dueDate={item.dueDate}
              state={item.state === 'completed' ? 'completed' : undefined}
              t={t}
            />
          ) : null}
        </Space>
        {item.instruction ? (
          <div className="cqdt-wrap-anywhere">
            {t('instructionLabel')}: {item.instruction}
          </div>
        ) : null}
        {item.extensionReason ? (
          <div className="cqdt-wrap-anywhere">
            {t('extensionLabel', {
              date: formatDay(item.extensionDueDate),
              reason: item.extensionReason,
            })}
          </div>
        ) : null}
        {item.resultNote ? (
          <div className="cqdt-wrap-anywhere">
            {t('resultNoteLabel')}: {item.resultNote}
          </div>
        ) : null}
      </Space>
    </List.Item>
  );
}

export function DocumentAssignments({
  doc,
  t,
}: {
  doc: IncomingDocumentDetail;
  t: IncomingTranslate;
}) {
  return (
    <Card title={<h2 className="cqdt-card-title">{t('sectionAssignments')}</h2>}>
      {doc.assignments.length === 0 ? (
        <EmptyState text={t('assignmentsEmpty')} />
      ) : (
        <List
          dataSource={doc.assignments}
          rowKey="id"
          renderItem={(item) => <AssignmentItem item={item} t={t} />}
        />
      )}
    </Card>
  );
}

function actionLabel(action: string, t: IncomingTranslate): string {
  const key = `timelineAction_${action.replace(/\./g, '_')}`;
  return key in incomingMessages.vi ? t(key as IncomingMessageKey) : t('timelineAction_other');
}

/** Who did what, when (Vietnam time), oldest first. */
export function DocumentTimeline({
  items,
  t,
}: {
  items: TimelineItem[] | undefined;
  t: IncomingTranslate;
}) {
  return (
    <Card title={<h2 className="cqdt-card-title">{t('sectionTimeline')}</h2>}>
      <p className="cqdt-muted">{t('timeNote')}</p>
      {!items || items.length === 0 ? (
        <EmptyState text={t('timelineEmpty')} />
      ) : (
        <Timeline
          items={items.map((item, index) => ({
            key: index,
            content: (
              <div data-testid="timeline-item" data-action={item.action}>
                <div>
                  <strong>{actionLabel(item.action, t)}</strong> – {item.actor}
                </div>
                <div className="cqdt-muted">
                  <time dateTime={toVnIso(item.at)}>{formatVnTime(item.at)}</time> {t('vnTime')}
                </div>
                {item.detail ? <div className="cqdt-wrap-anywhere">{item.detail}</div> : null}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
