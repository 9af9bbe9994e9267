// Hồ sơ một cửa (/mot-cua/ho-so, issue 12 item 2): the queues of the one-stop desk — the desk's
// (received, waiting for a supplement, results to return), the person's own steps, the late
// ones and every dossier of the agency — searched by code, applicant or procedure.
import { Input, Radio, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnTime } from '../../shared/lib/vn-time';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { type DossierQueue, type DossierSummary, listDossiers } from './dossier-api';
import { dossierMessages } from './dossier-i18n';
import { dossierPath, type DossiersListQueue } from './paths';
import './onestop.css';

const PAGE_SIZE = 50;

// The desk's queue narrowed to one state.
const DESK_STATE: Partial<Record<DossiersListQueue, string>> = { online: 'new', return: 'done' };

export default function DossiersPage() {
  const t = useTranslate(dossierMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { hasRole } = useAuth();
  useDocumentTitle(t('listTitle'), tc('appName'));
  // "online": the desk's queue narrowed to online dossiers waiting for acceptance (state new);
  // "return": to decided ones waiting for their result to be returned (state done).
  type Queue = DossiersListQueue;
  const queues: Queue[] = hasRole('counter_officer')
    ? ['counter', 'online', 'return', 'mine', 'late', 'agency']
    : ['mine', 'late', 'agency'];
  // `?queue=` opens one of them (the home's cards link "Xem tất cả" here).
  const [params] = useSearchParams();
  const asked = queues.find((q) => q === params.get('queue'));
  const [queue, setQueue] = useState<Queue>(asked ?? queues[0] ?? 'agency');
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const list = useAsync(
    (signal) =>
      listDossiers(
        {
          queue: DESK_STATE[queue] ? 'counter' : (queue as DossierQueue),
          state: DESK_STATE[queue],
          q: query || undefined,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        },
        signal,
      ),
    [queue, query, page, lang],
  );

  const columns: TableColumnsType<DossierSummary> = [
    {
      title: t('colCode'),
      key: 'code',
      width: 230,
      render: (_, d) => <Link to={dossierPath(d.code)}>{d.code}</Link>,
    },
    { title: t('colApplicant'), dataIndex: 'applicantName', key: 'applicant', width: 180 },
    { title: t('colProcedure'), dataIndex: 'procedureName', key: 'procedure' },
    {
      title: t('colState'),
      key: 'state',
      width: 170,
      render: (_, d) => (
        <Space orientation="vertical" size={2}>
          <span>{d.state.label}</span>
          {d.lateFlag ? <span className="cqdt-flag cqdt-flag--late">{t('lateTag')}</span> : null}
          {d.channel === 'online' ? (
            <span className="cqdt-flag cqdt-flag--info">{d.channelLabel}</span>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('colStep'),
      key: 'step',
      width: 200,
      render: (_, d) =>
        d.currentStep ? `${d.currentStep}${d.assigneeName ? ` – ${d.assigneeName}` : ''}` : '',
    },
    {
      title: t('colReceived'),
      key: 'received',
      width: 150,
      render: (_, d) => formatVnTime(d.receivedAt).slice(0, 16),
    },
    {
      title: t('colDue'),
      key: 'due',
      width: 150,
      render: (_, d) => formatVnTime(d.dueAt).slice(0, 16),
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('listTitle')}
      </Typography.Title>
      {/* A radio group, not tabs: on a phone antd's tabs put a "more" button inside the
          tablist, which screen readers do not expect there. */}
      <Radio.Group
        aria-label={t('queuesLabel')}
        optionType="button"
        buttonStyle="solid"
        value={queue}
        onChange={(e) => {
          setQueue(e.target.value as Queue);
          setPage(1);
        }}
        options={queues.map((q) => ({ value: q, label: t(`queue_${q}`) }))}
        style={{ marginBottom: 16 }}
      />
      <div className="cqdt-filter-bar">
        <Space wrap>
          <label htmlFor="dossiers-q">{t('searchLabel')}</label>
          <Input.Search
            id="dossiers-q"
            style={{ width: 320, maxWidth: '100%' }}
            placeholder={t('searchPlaceholder')}
            value={typed}
            maxLength={200}
            allowClear
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(value) => {
              setQuery(value.trim());
              setPage(1);
            }}
          />
        </Space>
      </div>
      {list.error ? <ErrorAlert error={list.error} title={t('listLoadFailed')} /> : null}
      {list.data ? (
        <Typography.Paragraph type="secondary" aria-live="polite">
          {t('total', { count: list.data.total })}
        </Typography.Paragraph>
      ) : null}
      <Table
        aria-label={t('tableLabel')}
        rowKey="code"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <EmptyState text={t('listEmpty')} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
      />
    </>
  );
}
