// Nhập văn bản cũ (/quan-tri/nhap-van-ban, admins; issue 11 item 6): choose a ZIP package or a
// CSV/JSON list, run it dry or for real; the page polls the job for its progress (a labelled
// progress bar, announced politely) and shows the per-row report and the problems to fix, each
// with its row and column.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  getImport,
  type ImportJob,
  type ImportProblem,
  type ImportRow,
  isRunning,
  startImport,
} from './api';
import { importMessages, type ImportTranslate } from './i18n';

const POLL_MS = 500;

function phaseLabel(t: ImportTranslate, phase: string): string {
  if (phase === 'validate') return t('phase_validate');
  if (phase === 'write') return t('phase_write');
  return t('phase_');
}

function JobProgress({ job, t }: { job: ImportJob; t: ImportTranslate }) {
  const percent = job.total > 0 ? Math.round((100 * job.done) / job.total) : 0;
  const text = t('progressText', {
    phase: phaseLabel(t, job.phase),
    done: job.done,
    total: job.total,
  });
  return (
    <div>
      <Progress
        percent={job.state === 'done' ? 100 : percent}
        status={isRunning(job) ? 'active' : job.state === 'done' ? 'success' : 'exception'}
        aria-label={t('progressLabel')}
      />
      <Typography.Text role="status" aria-live="polite" data-testid="import-progress">
        {isRunning(job) ? text : job.stateLabel}
      </Typography.Text>
    </div>
  );
}

function Outcome({ job, t }: { job: ImportJob; t: ImportTranslate }) {
  if (job.state === 'failed') {
    return (
      <Alert type="error" showIcon role="alert" title={t('failed', { message: job.message })} />
    );
  }
  if (job.state === 'interrupted') {
    return <Alert type="warning" showIcon role="alert" title={t('interrupted')} />;
  }
  if (job.state !== 'done') {
    return null;
  }
  const counts = { imported: job.imported, skipped: job.skipped, invalid: job.invalid };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type={job.refused ? 'error' : 'success'}
        showIcon
        role={job.refused ? 'alert' : 'status'}
        title={job.dryRun ? t('summaryDry', counts) : t('summary', counts)}
        description={job.refused ? t('refused') : undefined}
      />
      {(job.problems?.length ?? 0) > 0 && <ProblemTable problems={job.problems ?? []} t={t} />}
      <RowTable rows={job.rows ?? []} t={t} />
    </Space>
  );
}

function ProblemTable({ problems, t }: { problems: ImportProblem[]; t: ImportTranslate }) {
  const columns: TableColumnsType<ImportProblem> = [
    { title: t('colRow'), dataIndex: 'row', width: 80 },
    {
      title: t('colField'),
      dataIndex: 'field',
      width: 160,
      render: (v: string) => <code>{v}</code>,
    },
    { title: t('colMessage'), dataIndex: 'message' },
  ];
  return (
    <section aria-labelledby="import-problems">
      <Typography.Title level={2} style={{ fontSize: 18 }} id="import-problems">
        {t('problemsTitle')}
      </Typography.Title>
      <Table
        size="small"
        columns={columns}
        dataSource={problems}
        rowKey={(p) => `${p.row}-${p.field}-${p.message}`}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="import-problems"
      />
    </section>
  );
}

function RowTable({ rows, t }: { rows: ImportRow[]; t: ImportTranslate }) {
  const columns: TableColumnsType<ImportRow> = [
    { title: t('colRow'), dataIndex: 'row', width: 80 },
    { title: t('colStatus'), dataIndex: 'statusLabel', width: 180 },
    { title: t('colNumber'), dataIndex: 'numberText', width: 180 },
    { title: t('colSubject'), dataIndex: 'subject' },
  ];
  return (
    <section aria-labelledby="import-rows">
      <Typography.Title level={2} style={{ fontSize: 18 }} id="import-rows">
        {t('rowsTitle')}
      </Typography.Title>
      <Table
        size="small"
        columns={columns}
        dataSource={rows}
        rowKey="row"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="import-rows"
      />
    </section>
  );
}

export default function ImportPage() {
  const t = useTranslate(importMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('title'), tc('appName'));
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);

  // Polls a running job until it ends (the page's progress bar follows it).
  const jobId = job?.id;
  const running = job ? isRunning(job) : false;
  useEffect(() => {
    if (jobId === undefined || !running) {
      return undefined;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      getImport(jobId, controller.signal).then(setJob, (e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e);
      });
    }, POLL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [jobId, running, job]);

  const run = async (dryRun: boolean) => {
    if (!file) {
      setFileError(t('noFile'));
      return;
    }
    setStarting(true);
    setError(null);
    setJob(null);
    try {
      setJob(await startImport(file, dryRun));
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  };

  const busy = starting || running;
  return (
    <div>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('sampleLink')}</Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <div>
          <Typography.Text strong id="import-file-label">
            {t('fileLabel')}
          </Typography.Text>
          <div>
            <Upload
              accept=".zip,.csv,.json"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                setFile(f);
                setFileError(null);
                return false;
              }}
            >
              <Button icon={<UploadOutlined aria-hidden />} aria-describedby="import-file-label">
                {t('chooseFile')}
              </Button>
            </Upload>
            {file && (
              <Typography.Text style={{ marginLeft: 12 }} data-testid="import-file-name">
                {t('chosen', { name: file.name })}
              </Typography.Text>
            )}
          </div>
          {fileError && (
            <Typography.Text type="danger" role="alert">
              {fileError}
            </Typography.Text>
          )}
        </div>
        <Space wrap>
          <Button onClick={() => void run(true)} disabled={busy}>
            {t('dryRun')}
          </Button>
          <Button type="primary" onClick={() => void run(false)} disabled={busy} loading={starting}>
            {t('run')}
          </Button>
          <Typography.Text type="secondary">{t('dryRunHint')}</Typography.Text>
        </Space>
        <ErrorAlert error={error} />
        {job && <JobProgress job={job} t={t} />}
        {job && <Outcome job={job} t={t} />}
      </Space>
    </div>
  );
}
