import { ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import { App as AntdApp, Button, Card, Grid, Radio, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { errorMessage } from '../../../shared/api/error-message';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime, toVnIso } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  type ExtractionJob,
  type ExtractionJobState,
  listExtractionJobs,
  retryExtractionJob,
} from './api';
import { extractionMessages, type ExtractionTranslate } from './i18n';
import './extraction.css';

function VnTime({ iso }: { iso: string }) {
  return <time dateTime={toVnIso(iso)}>{formatVnTime(iso)}</time>;
}

/** The document's page: incoming unless the server says otherwise. */
function documentPath(job: ExtractionJob): string {
  return job.documentDirection === 'outgoing'
    ? `/van-ban/di/${job.documentId}`
    : `/van-ban/den/${job.documentId}`;
}

function DocumentCell({ job, t }: { job: ExtractionJob; t: ExtractionTranslate }) {
  if (job.documentId === null) {
    return <span className="cqdt-muted">{t('noDocument')}</span>;
  }
  return (
    <Link to={documentPath(job)} className="cqdt-text-link cqdt-wrap-anywhere">
      {job.documentSubject || t('documentNoSubject', { id: job.documentId })}
    </Link>
  );
}

/** On a phone: one block per job, every field labelled (a table would hide most columns). */
function JobList({
  jobs,
  state,
  t,
  retryButton,
}: {
  jobs: ExtractionJob[];
  state: ExtractionJobState;
  t: ExtractionTranslate;
  retryButton: (job: ExtractionJob) => React.ReactNode;
}) {
  if (jobs.length === 0) {
    return <EmptyState text={state === 'failed' ? t('emptyFailed') : t('emptyPending')} />;
  }
  return (
    <ul
      className="cqdt-extraction-list"
      aria-label={state === 'failed' ? t('tableLabelFailed') : t('tableLabelPending')}
    >
      {jobs.map((job) => (
        <li key={job.id} data-testid="extraction-job">
          <div className="cqdt-wrap-anywhere">
            <strong>{job.fileName}</strong> <Tag>{job.kindLabel}</Tag>
          </div>
          <dl>
            <dt>{t('colDocument')}</dt>
            <dd>
              <DocumentCell job={job} t={t} />
            </dd>
            <dt>{t('colAttempts')}</dt>
            <dd>{job.attempts}</dd>
            <dt>{t('colError')}</dt>
            <dd className="cqdt-wrap-anywhere">{job.lastError || t('noError')}</dd>
            <dt>{state === 'failed' ? t('colFailedAt') : t('colNextTry')}</dt>
            <dd>
              {state === 'failed' ? (
                job.failedAt ? (
                  <VnTime iso={job.failedAt} />
                ) : null
              ) : job.notBefore ? (
                <VnTime iso={job.notBefore} />
              ) : (
                t('nextTryNow')
              )}
            </dd>
          </dl>
          {state === 'failed' ? retryButton(job) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * Admin: the jobs of the extraction queue (text layers, OCR of scanned pages) that failed or
 * wait, with the error each one met and a retry (issue 11, item 4).
 */
export default function ExtractionJobsPage() {
  const t = useTranslate(extractionMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('title'), tc('appName'));
  const { message } = AntdApp.useApp();
  const [params, setParams] = useSearchParams();
  const state: ExtractionJobState = params.get('state') === 'pending' ? 'pending' : 'failed';
  const jobs = useAsync((signal) => listExtractionJobs(state, signal), [state]);
  const [retrying, setRetrying] = useState<number | null>(null);
  const isPhone = Grid.useBreakpoint().md === false;

  const retry = async (job: ExtractionJob) => {
    setRetrying(job.id);
    try {
      await retryExtractionJob(job.id);
      void message.success(t('retried', { name: job.fileName }));
      jobs.reload();
    } catch (error) {
      void message.error(errorMessage(error, tc));
    } finally {
      setRetrying(null);
    }
  };

  const columns: TableColumnsType<ExtractionJob> = [
    {
      title: t('colFile'),
      key: 'file',
      render: (_: unknown, job) => (
        <Space orientation="vertical" size={2}>
          <span className="cqdt-wrap-anywhere">{job.fileName}</span>
          <Tag>{job.kindLabel}</Tag>
        </Space>
      ),
    },
    {
      title: t('colDocument'),
      key: 'document',
      render: (_: unknown, job) => <DocumentCell job={job} t={t} />,
    },
    { title: t('colAttempts'), dataIndex: 'attempts', key: 'attempts', align: 'right' },
    {
      title: t('colError'),
      dataIndex: 'lastError',
      key: 'lastError',
      render: (error: string) =>
        error ? <span className="cqdt-wrap-anywhere">{error}</span> : t('noError'),
    },
    state === 'failed'
      ? {
          title: t('colFailedAt'),
          dataIndex: 'failedAt',
          key: 'failedAt',
          render: (iso: string | null) => (iso ? <VnTime iso={iso} /> : ''),
        }
      : {
          title: t('colNextTry'),
          dataIndex: 'notBefore',
          key: 'notBefore',
          render: (iso: string | null) => (iso ? <VnTime iso={iso} /> : t('nextTryNow')),
        },
  ];
  const retryButton = (job: ExtractionJob) => (
    <Button
      size="small"
      icon={<RedoOutlined aria-hidden />}
      loading={retrying === job.id}
      aria-label={t('retryNamed', { name: job.fileName })}
      onClick={() => void retry(job)}
    >
      {t('retry')}
    </Button>
  );
  if (state === 'failed') {
    columns.push({
      title: t('colActions'),
      key: 'actions',
      render: (_: unknown, job) => retryButton(job),
    });
  }

  const data = jobs.data;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 760 }}>{t('lead')}</Typography.Paragraph>
      {jobs.error ? <ErrorAlert error={jobs.error} title={t('loadFailed')} /> : null}
      <Card>
        <Space wrap align="center" style={{ marginBottom: 16 }}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            aria-label={t('show')}
            value={state}
            onChange={(event) =>
              setParams(event.target.value === 'pending' ? { state: 'pending' } : {}, {
                replace: true,
              })
            }
            options={[
              { value: 'failed', label: t('stateFailed', { count: data?.failed ?? 0 }) },
              { value: 'pending', label: t('statePending', { count: data?.pending ?? 0 }) },
            ]}
          />
          <Button icon={<ReloadOutlined aria-hidden />} onClick={jobs.reload}>
            {t('refresh')}
          </Button>
        </Space>
        {data ? (
          <p role="status" data-testid="extraction-summary">
            {t('summary', { failed: data.failed, pending: data.pending })}{' '}
            {data.items.length >= 200 ? t('limitNote') : null}
          </p>
        ) : null}
        {isPhone ? (
          jobs.loading && !data ? null : (
            <JobList jobs={data?.items ?? []} state={state} t={t} retryButton={retryButton} />
          )
        ) : (
          <Table<ExtractionJob>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={jobs.loading}
            pagination={false}
            scroll={{ x: 760 }}
            aria-label={state === 'failed' ? t('tableLabelFailed') : t('tableLabelPending')}
            locale={{
              emptyText: (
                <EmptyState text={state === 'failed' ? t('emptyFailed') : t('emptyPending')} />
              ),
            }}
          />
        )}
      </Card>
    </>
  );
}
