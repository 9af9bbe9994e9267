// One work record (/ho-so/:id): its items of Decree 30/2020 Appendix VI §8.3, its documents in
// order (each linked to its page), its other files, and while it is open (and the caller may)
// documents attached and removed, files uploaded, and the record closed; a closed record is
// read-only. Leaders appraise a record past its retention here or from the appraisal list.
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Modal, Space, Table, Typography } from 'antd';
import type { DescriptionsProps, TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnDate, formatVnTime } from '../../shared/lib/vn-time';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { PageLoader } from '../../shared/ui/page-loader';
import { getRecord, type RecordDocument, removeDocument, type WorkRecord } from './api';
import { AppraisalModal } from './appraisal-modal';
import { AttachDocumentModal } from './attach-document-modal';
import { CloseRecordForm } from './close-record-form';
import { formatDay } from './dates';
import { AppraisalDueFlag, StateFlag } from './flags';
import { recordsMessages, type RecordsTranslate } from './i18n';
import { documentPath, MY_RECORDS_PATH } from './paths';
import { RecordFiles } from './record-files';
import './records.css';

function CardTitle({ id, children }: { id: string; children: string }) {
  return (
    <h2 className="cqdt-card-title" id={id}>
      {children}
    </h2>
  );
}

/** The §8.3 items of the record, as a list of terms and values. */
function RecordInfo({ record, t }: { record: WorkRecord; t: RecordsTranslate }) {
  // The dates come from the documents in the record; until there are some they are not known.
  const day = (value: string) =>
    value ? formatDay(value) : <span className="cqdt-muted">{t('computedAtClose')}</span>;
  const items: DescriptionsProps['items'] = [
    { key: 'fileCode', label: t('itemFileCode'), children: record.fileCode },
    { key: 'fileCatalog', label: t('itemFileCatalog'), children: record.fileCatalog },
    { key: 'fileNotation', label: t('itemFileNotation'), children: record.fileNotation },
    { key: 'title', label: t('itemTitle'), children: record.title },
    { key: 'retention', label: t('itemRetention'), children: record.retentionLabel },
    {
      key: 'rights',
      label: t('itemRights'),
      children: record.rightsLabel || t(`rights_${record.rights}`),
    },
    { key: 'language', label: t('itemLanguage'), children: record.language },
    { key: 'start', label: t('itemStart'), children: day(record.startDate) },
    { key: 'end', label: t('itemEnd'), children: day(record.endDate) },
    { key: 'docTotal', label: t('itemDocTotal'), children: record.docTotal },
    { key: 'pageTotal', label: t('itemPageTotal'), children: record.pageTotal },
    {
      key: 'description',
      label: t('itemDescription'),
      children: record.description || <span className="cqdt-muted">{t('none')}</span>,
    },
    { key: 'unit', label: t('itemUnit'), children: record.unitName || t('wholeAgency') },
    { key: 'creator', label: t('itemCreator'), children: record.creatorName },
    { key: 'opened', label: t('itemOpened'), children: formatVnDate(record.openedAt) },
  ];
  if (record.closedAt) {
    items.push({ key: 'closed', label: t('itemClosed'), children: formatVnDate(record.closedAt) });
  }
  return (
    <>
      <p className="cqdt-muted" style={{ marginTop: 0 }}>
        {t('infoNote')}
      </p>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
        items={items}
        className="cqdt-record-wrap"
        data-testid="record-info"
      />
    </>
  );
}

export default function RecordPage() {
  const t = useTranslate(recordsMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const loaded = useAsync((signal) => getRecord(id, signal), [id, lang]);
  // What an action answered (the record as it is now) replaces what was loaded, until the next
  // load (another record, or the language: the labels are the server's).
  const [latest, setLatest] = useState<{ key: string; record: WorkRecord } | null>(null);
  const key = `${id}-${lang}`;
  const record = latest?.key === key ? latest.record : loaded.data;
  const update = (next: WorkRecord) => setLatest({ key, record: next });
  const [attaching, setAttaching] = useState(false);
  const [removing, setRemoving] = useState<RecordDocument | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const [appraising, setAppraising] = useState(false);
  useDocumentTitle(record?.title ?? t('menu'), tc('appName'));

  if (!record) {
    return loaded.error ? (
      <>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('menu')}
        </Typography.Title>
        <ErrorAlert error={loaded.error} title={t('recordLoadFailed')} />
        <p style={{ marginTop: 16 }}>
          <Link to={MY_RECORDS_PATH}>{t('backToList')}</Link>
        </p>
      </>
    ) : (
      <PageLoader label={tc('loading')} />
    );
  }

  const remove = async (doc: RecordDocument) => {
    setRemoveBusy(true);
    setRemoveError(null);
    try {
      update(await removeDocument(record.id, doc.documentId));
      void message.success(t('removed'));
      setRemoving(null);
    } catch (e) {
      setRemoveError(e);
    } finally {
      setRemoveBusy(false);
    }
  };

  const columns: TableColumnsType<RecordDocument> = [
    { title: t('colOrdinal'), dataIndex: 'ordinal', key: 'ordinal', width: 60 },
    {
      title: t('colDirection'),
      key: 'direction',
      width: 120,
      render: (_, d) => d.directionLabel || t(`direction_${d.direction}`),
    },
    { title: t('colNumber'), dataIndex: 'numberText', key: 'number', width: 140 },
    {
      title: t('colIssued'),
      key: 'issued',
      width: 110,
      render: (_, d) => formatDay(d.date ?? d.issuedDate),
    },
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, d) =>
        d.hidden ? (
          <span className="cqdt-muted">{t('hiddenDocument')}</span>
        ) : (
          <span className="cqdt-record-wrap">
            <Link to={documentPath(d.direction, d.documentId)}>{d.subject}</Link>
          </span>
        ),
    },
    { title: t('colPages'), dataIndex: 'pageCount', key: 'pages', width: 80, align: 'right' },
    {
      title: t('colAttached'),
      key: 'attached',
      width: 200,
      render: (_, d) => (
        <span className="cqdt-muted">
          {t('attachedBy', {
            name: d.attachedByName,
            time: t('timeVn', { time: formatVnTime(d.attachedAt) }),
          })}
        </span>
      ),
    },
  ];
  if (record.canEdit) {
    columns.push({
      title: t('colActions'),
      key: 'actions',
      width: 100,
      render: (_, d) => (
        <Button
          size="small"
          danger
          aria-label={t('removeDocLabel', {
            subject: d.subject || d.numberText || String(d.ordinal),
          })}
          onClick={() => {
            setRemoveError(null);
            setRemoving(d);
          }}
        >
          {t('removeDoc')}
        </Button>
      ),
    });
  }

  const closedAt = record.closedAt ? formatVnTime(record.closedAt) : '';
  return (
    <>
      <p style={{ marginTop: 0 }}>
        <Link to={MY_RECORDS_PATH}>
          <ArrowLeftOutlined aria-hidden /> {t('backToList')}
        </Link>
      </p>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }} className="cqdt-record-wrap">
          {record.title}
        </Typography.Title>
      </div>
      <Space wrap style={{ marginBottom: 16 }} data-testid="record-state">
        <span className="cqdt-record-wrap">{record.fileCode}</span>
        <StateFlag state={record.state} label={record.stateLabel} t={t} />
        {record.appraisalDue ? <AppraisalDueFlag t={t} /> : null}
      </Space>
      {record.state === 'closed' ? (
        <Alert
          type="info"
          showIcon
          title={t('closedNotice', { time: closedAt })}
          style={{ marginBottom: 16 }}
          data-testid="record-read-only"
        />
      ) : record.state === 'transferred' ? (
        <Alert
          type="info"
          showIcon
          title={t('transferredNotice', { time: closedAt })}
          style={{ marginBottom: 16 }}
          data-testid="record-read-only"
        />
      ) : record.state === 'destroyed' ? (
        <Alert
          type="warning"
          showIcon
          title={t('destroyedNotice')}
          style={{ marginBottom: 16 }}
          data-testid="record-read-only"
        />
      ) : !record.canEdit ? (
        <Alert type="info" showIcon title={t('readOnlyNotice')} style={{ marginBottom: 16 }} />
      ) : null}

      <Card
        className="cqdt-record-card"
        title={<CardTitle id="record-info">{t('infoTitle')}</CardTitle>}
      >
        <RecordInfo record={record} t={t} />
      </Card>

      <Card
        className="cqdt-record-card"
        title={<CardTitle id="record-docs">{t('docsTitle')}</CardTitle>}
        extra={
          record.canEdit ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => setAttaching(true)}
            >
              {t('addDoc')}
            </Button>
          ) : null
        }
      >
        <Table<RecordDocument>
          rowKey="documentId"
          size="small"
          columns={columns}
          dataSource={[...record.documents].sort((a, b) => a.ordinal - b.ordinal)}
          scroll={{ x: 900 }}
          pagination={false}
          aria-labelledby="record-docs"
          data-testid="record-documents"
          locale={{
            emptyText: <EmptyState text={t(record.canEdit ? 'docsEmpty' : 'docsEmptyClosed')} />,
          }}
        />
      </Card>

      <Card
        className="cqdt-record-card"
        title={<CardTitle id="record-files">{t('filesTitle')}</CardTitle>}
      >
        <RecordFiles record={record} t={t} onChanged={update} />
      </Card>

      {record.canEdit ? (
        <Card
          className="cqdt-record-card"
          title={<CardTitle id="record-close-title">{t('closeTitle')}</CardTitle>}
        >
          <CloseRecordForm record={record} t={t} onClosed={update} />
        </Card>
      ) : null}

      {record.appraisal.length > 0 || (record.canAppraise && record.appraisalDue) ? (
        <Card
          className="cqdt-record-card"
          title={<CardTitle id="record-appraisal">{t('historyTitle')}</CardTitle>}
          extra={
            record.canAppraise && record.appraisalDue && record.state === 'closed' ? (
              <Button onClick={() => setAppraising(true)}>{t('appraise')}</Button>
            ) : null
          }
        >
          {record.appraisal.length === 0 ? (
            <EmptyState text={t('historyEmpty')} />
          ) : (
            <ul className="cqdt-record-history" data-testid="record-appraisal">
              {record.appraisal.map((a, index) => (
                <li key={`${a.decidedAt}-${index}`}>
                  <strong>
                    {t('historyLine', {
                      decision: a.decisionLabel || t(`decision_${a.decision}`),
                      number: a.decisionNumber,
                      date: formatDay(a.decisionDate),
                    })}
                  </strong>
                  {a.decision === 'extend' && a.extendYears ? (
                    <span> {t('historyExtend', { years: a.extendYears })}</span>
                  ) : null}
                  <div className="cqdt-record-wrap">{t('historyReason', { reason: a.reason })}</div>
                  <div className="cqdt-muted">
                    {t('historyBy', { name: a.decidedByName, time: formatVnTime(a.decidedAt) })}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}

      {attaching ? (
        <AttachDocumentModal
          record={record}
          t={t}
          onClose={() => setAttaching(false)}
          onAttached={(next) => {
            setAttaching(false);
            update(next);
          }}
        />
      ) : null}
      {removing ? (
        <Modal
          open
          title={t('removeTitle')}
          onCancel={() => setRemoving(null)}
          okText={t('removeConfirm')}
          cancelText={t('cancel')}
          okButtonProps={{ danger: true, loading: removeBusy }}
          onOk={() => void remove(removing)}
          destroyOnHidden
        >
          <p>{t('removeText', { subject: removing.subject })}</p>
          {removeError ? <ErrorAlert error={removeError} title={t('removeFailed')} /> : null}
        </Modal>
      ) : null}
      {appraising ? (
        <AppraisalModal
          record={record}
          t={t}
          onClose={() => setAppraising(false)}
          onDone={(next) => {
            setAppraising(false);
            update(next);
          }}
        />
      ) : null}
    </>
  );
}
