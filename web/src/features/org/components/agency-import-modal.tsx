import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Modal, Radio, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { ApiError } from '../../../shared/api/client';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { importAgencies, importFormatOf } from '../api/agencies';
import type { ImportMode, ImportReport, ImportRow, ImportRowError } from '../api/types';
import { fieldLabelKey } from '../fields';
import { orgMessages } from '../i18n';
import { CSV_COLUMNS } from '../kinds';

type Outcome =
  | { kind: 'imported'; report: ImportReport; dryRun: boolean }
  | { kind: 'rejected'; detail: string; rows: ImportRow[] }
  | { kind: 'failed'; error: unknown };

/** Rows of a 422 import answer: the problem carries `rows` next to the standard members. */
function rejectedRows(error: ApiError): ImportRow[] | null {
  const rows = error.problem.rows;
  return Array.isArray(rows) ? (rows as ImportRow[]) : null;
}

export function AgencyImportModal({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const t = useTranslate(orgMessages);
  const tc = useTranslate(commonMessages);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState(false);
  // Updating is the default: the usual round is export, edit in a spreadsheet, import again.
  const [mode, setMode] = useState<ImportMode>('upsert');
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const reset = () => {
    setFile(null);
    setFileError(null);
    setOutcome(null);
    setDryRun(false);
    setMode('upsert');
  };

  const submit = async () => {
    if (!file) {
      setFileError(t('importNoFile'));
      return;
    }
    const format = importFormatOf(file.name);
    if (!format) {
      setFileError(t('importWrongType'));
      return;
    }
    setSubmitting(true);
    setOutcome(null);
    try {
      const report = await importAgencies(file, format, dryRun, mode);
      setOutcome({ kind: 'imported', report, dryRun });
      if (!dryRun) {
        onImported();
      }
    } catch (error) {
      const rows = error instanceof ApiError ? rejectedRows(error) : null;
      if (error instanceof ApiError && error.status === 422 && rows) {
        setOutcome({
          kind: 'rejected',
          detail: error.problem.detail ?? error.problem.title,
          rows: rows.filter((row) => row.status !== 'ok'),
        });
      } else {
        setOutcome({ kind: 'failed', error });
      }
    } finally {
      setSubmitting(false);
    }
  };

  /** "Tên viết tắt: Tên viết tắt không được để trống." — the field by its label, never its code. */
  const describe = (item: ImportRowError) => {
    const key = fieldLabelKey(item.field);
    return (
      <>
        {key ? <strong>{t(key)}: </strong> : null}
        {item.message}
      </>
    );
  };
  const messageList = (items: ImportRowError[] | undefined) =>
    items && items.length > 0 ? (
      <ul className="cqdt-error-list">
        {items.map((item, index) => (
          <li key={index}>{describe(item)}</li>
        ))}
      </ul>
    ) : null;

  const actionTag = (row: ImportRow, checkOnly: boolean) => {
    if (row.action === 'unchanged') return <Tag>{t('importActionUnchanged')}</Tag>;
    if (row.action === 'updated') {
      return (
        <Tag color="blue">{t(checkOnly ? 'importActionUpdatedCheck' : 'importActionUpdated')}</Tag>
      );
    }
    return (
      <Tag color="green">{t(checkOnly ? 'importActionCreatedCheck' : 'importActionCreated')}</Tag>
    );
  };

  const okCount = (report: ImportReport) =>
    report.valid ?? report.rows?.filter((row) => row.status === 'ok').length ?? report.imported;

  const summary = (report: ImportReport, checkOnly: boolean) => {
    const unchanged = report.unchanged ?? 0;
    if (!checkOnly && report.imported === 0 && unchanged > 0) {
      return t('importNothingChanged', { count: unchanged });
    }
    return `${
      checkOnly
        ? t('importDryRunDone', { count: okCount(report) })
        : t('importDone', { count: report.imported })
    } ${t('importSummary', {
      created: report.created ?? 0,
      updated: report.updated ?? 0,
      unchanged,
    })}`;
  };

  const resultColumns = (checkOnly: boolean): TableColumnsType<ImportRow> => [
    { title: t('importRow'), dataIndex: 'row', key: 'row', width: 70 },
    { title: t('code'), dataIndex: 'code', key: 'code', width: 150 },
    {
      title: t('importResult'),
      key: 'result',
      width: 140,
      render: (_value, row) => actionTag(row, checkOnly),
    },
    { title: t('importNotes'), key: 'notes', render: (_value, row) => messageList(row.warnings) },
  ];

  const columnsText = CSV_COLUMNS.map((column) => {
    const key = fieldLabelKey(column);
    return key ? `${column} (${t(key)})` : column;
  }).join(', ');

  return (
    <Modal
      open={open}
      title={t('importTitle')}
      onCancel={onClose}
      afterClose={reset}
      width="min(820px, 100vw)"
      footer={[
        <Button key="close" onClick={onClose}>
          {tc('close')}
        </Button>,
        <Button key="submit" type="primary" loading={submitting} onClick={() => void submit()}>
          {dryRun ? t('importCheck') : t('importSubmit')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t('importIntro')}</Typography.Paragraph>
      <Typography.Paragraph className="cqdt-muted" style={{ fontSize: 13 }}>
        {t('importColumnsLabelled', { columns: columnsText })}
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.json,text/csv,application/json"
        multiple={false}
        showUploadList={false}
        beforeUpload={(chosen) => {
          setFile(chosen);
          setOutcome(null);
          setFileError(importFormatOf(chosen.name) ? null : t('importWrongType'));
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">{t('importChooseFile')}</p>
      </Upload.Dragger>
      <div role="status" style={{ marginTop: 8 }}>
        {file ? (
          <Typography.Text>{t('importChosenFile', { name: file.name })}</Typography.Text>
        ) : null}
      </div>
      {fileError ? (
        <Alert type="error" showIcon role="alert" title={fileError} style={{ marginTop: 8 }} />
      ) : null}
      <fieldset style={{ marginTop: 12, border: 0, padding: 0 }}>
        <legend style={{ fontSize: 14, marginBottom: 4 }}>{t('importMode')}</legend>
        <Radio.Group
          value={mode}
          onChange={(event) => setMode(event.target.value as ImportMode)}
          options={[
            { value: 'upsert', label: t('importModeUpsert') },
            { value: 'create', label: t('importModeCreate') },
          ]}
        />
        <div className="cqdt-muted" style={{ fontSize: 13, marginTop: 4 }}>
          {t('importModeHint')}
        </div>
      </fieldset>
      <Checkbox
        checked={dryRun}
        onChange={(event) => setDryRun(event.target.checked)}
        style={{ marginTop: 12 }}
      >
        {t('importDryRun')}
      </Checkbox>
      <div style={{ marginTop: 16 }} aria-live="polite">
        {outcome?.kind === 'imported' ? (
          <>
            <Alert
              type="success"
              showIcon
              title={summary(outcome.report, outcome.dryRun)}
              style={{ marginBottom: 12 }}
            />
            <Table<ImportRow>
              size="small"
              rowKey="row"
              aria-label={t('importResultsTable')}
              dataSource={outcome.report.rows}
              pagination={outcome.report.rows.length > 10 ? { pageSize: 10 } : false}
              columns={resultColumns(outcome.dryRun)}
            />
          </>
        ) : null}
        {outcome?.kind === 'failed' ? <ErrorAlert error={outcome.error} /> : null}
        {outcome?.kind === 'rejected' ? (
          <>
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('importRejected', { count: outcome.rows.length })}
              description={outcome.detail}
              style={{ marginBottom: 12 }}
            />
            <Table<ImportRow>
              size="small"
              rowKey="row"
              aria-label={t('importRowsTable')}
              dataSource={outcome.rows}
              pagination={outcome.rows.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: t('importRow'), dataIndex: 'row', key: 'row', width: 70 },
                { title: t('code'), dataIndex: 'code', key: 'code', width: 150 },
                {
                  title: t('importErrors'),
                  key: 'errors',
                  render: (_value, row) => messageList(row.errors),
                },
              ]}
            />
          </>
        ) : null}
      </div>
    </Modal>
  );
}
