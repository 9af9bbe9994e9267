// The catalogue import (admins): choose a JSON file, check it (a dry run), then import it. The
// server takes the whole file or nothing; a refused file's rows and fields are listed.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntdApp, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { ApiError } from '../../shared/api/client';
import { useTranslate } from '../../shared/i18n/use-translate';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { importCatalogue, type ImportReport, type ImportRow } from './api';
import { onestopMessages } from './i18n';

/** The report of a refused import: the problem carries the rows (docs/api.md). */
function rowsOf(error: unknown): ImportRow[] | null {
  if (error instanceof ApiError && Array.isArray(error.problem.rows)) {
    return error.problem.rows as ImportRow[];
  }
  return null;
}

export function ImportModal({ onClose }: { onClose: (changed: boolean) => void }) {
  const t = useTranslate(onestopMessages);
  const { message } = AntdApp.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>();
  const [changed, setChanged] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await importCatalogue(file, dryRun);
      setReport(r);
      if (!dryRun) {
        setChanged(true);
        void message.success(t('importDone'));
      }
    } catch (reason) {
      setReport(null);
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const refusedRows = rowsOf(error);
  const rows = report?.rows ?? refusedRows ?? [];
  const columns: TableColumnsType<ImportRow> = [
    { title: t('colRow'), dataIndex: 'row', key: 'row', width: 80 },
    { title: t('colCode'), dataIndex: 'code', key: 'code', width: 110 },
    { title: t('colName'), dataIndex: 'name', key: 'name' },
    {
      title: t('colOutcome'),
      key: 'outcome',
      width: 190,
      render: (_, r) =>
        r.errors.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 16 }}>
            {r.errors.map((e) => (
              <li key={`${e.field}-${e.code}`}>
                <Typography.Text type="danger">
                  {e.field ? `${e.field}: ` : ''}
                  {e.message}
                </Typography.Text>
              </li>
            ))}
          </ul>
        ) : (
          r.outcomeLabel
        ),
    },
  ];

  return (
    <Modal
      open
      width={900}
      title={t('importTitle')}
      onCancel={() => onClose(changed)}
      footer={[
        <Button key="close" onClick={() => onClose(changed)}>
          {t('close')}
        </Button>,
        <Button key="check" disabled={!file} loading={busy} onClick={() => void run(true)}>
          {t('importCheck')}
        </Button>,
        <Button
          key="apply"
          type="primary"
          disabled={!file}
          loading={busy}
          onClick={() => void run(false)}
        >
          {t('importApply')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t('importIntro')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Upload
          accept="application/json,.json,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            setError(undefined);
            return false;
          }}
        >
          <Button icon={<UploadOutlined aria-hidden />}>{t('importChoose')}</Button>
        </Upload>
        {file ? <Typography.Text>{t('importChosen', { name: file.name })}</Typography.Text> : null}
        {report ? (
          <Alert
            type="success"
            showIcon
            title={report.dryRun ? t('importChecked') : t('importDone')}
            description={t('importSummary', {
              created: report.created,
              updated: report.newVersions + report.replaced,
              unchanged: report.unchanged,
              failed: report.failed,
            })}
          />
        ) : null}
        {refusedRows ? <Alert type="error" showIcon title={t('importFailed')} /> : null}
        {error && !refusedRows ? <ErrorAlert error={error} /> : null}
        {rows.length > 0 ? (
          <Table
            aria-label={t('importTitle')}
            rowKey="row"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            scroll={{ x: 700 }}
          />
        ) : null}
      </Space>
    </Modal>
  );
}
