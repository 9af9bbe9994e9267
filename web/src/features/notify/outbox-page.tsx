// Hộp thư đi (/admin/thong-bao, issue 12 item 7): the administrator sees every notice the
// platform wrote — to officials and to citizens, from the documents and the one-stop desk — with
// the state of its e-mail delivery, filtered by kind and state.
import { Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { api } from '../../shared/api/client';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnTime } from '../../shared/lib/vn-time';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { isKnownNoticeKind, noticeKindMessages } from './notice-kinds';
import { outboxMessages } from './outbox-i18n';

type State = 'pending' | 'sent' | 'failed' | 'skipped';
const STATES: readonly State[] = ['pending', 'sent', 'failed', 'skipped'];
const ALL = 'all';
const PAGE_SIZE = 50;

interface OutboxItem {
  id: number;
  kind: string;
  text: string;
  createdAt: string;
  recipientKind: 'user' | 'citizen';
  recipientId: number;
  emailState: State;
  emailAttempts: number;
  emailLastError: string;
}

export default function OutboxPage() {
  const t = useTranslate(outboxMessages);
  const tk = useTranslate(noticeKindMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  useDocumentTitle(t('title'), tc('appName'));
  const [typed, setTyped] = useState('');
  const [kind, setKind] = useState('');
  const [state, setState] = useState<State | typeof ALL>(ALL);
  const [page, setPage] = useState(1);
  const list = useAsync(
    (signal) =>
      api.get<{ items: OutboxItem[]; total: number }>('/admin/notifications', {
        query: {
          kind: kind || undefined,
          state: state === ALL ? undefined : state,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        },
        signal,
      }),
    [kind, state, page, lang],
  );
  const columns: TableColumnsType<OutboxItem> = [
    { title: t('colTime'), key: 'time', width: 170, render: (_, m) => formatVnTime(m.createdAt) },
    {
      title: t('colRecipient'),
      key: 'recipient',
      width: 140,
      render: (_, m) => t(`recipient_${m.recipientKind}`, { id: m.recipientId }),
    },
    {
      title: t('colKind'),
      key: 'kind',
      width: 220,
      render: (_, m) =>
        isKnownNoticeKind(m.kind) ? (
          <>
            {tk(m.kind)}
            <br />
            <Typography.Text type="secondary" code>
              {m.kind}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text code>{m.kind}</Typography.Text>
        ),
    },
    { title: t('colText'), dataIndex: 'text', key: 'text' },
    {
      title: t('colState'),
      key: 'state',
      width: 140,
      render: (_, m) =>
        `${t(`state_${m.emailState}`)}${m.emailLastError ? ` – ${m.emailLastError}` : ''}`,
    },
  ];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <div className="cqdt-filter-bar">
        <Space wrap>
          <label htmlFor="outbox-kind">{t('kind')}</label>
          <Input.Search
            id="outbox-kind"
            style={{ width: 260 }}
            placeholder={t('kindPlaceholder')}
            value={typed}
            maxLength={64}
            allowClear
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(value) => {
              setKind(value.trim());
              setPage(1);
            }}
          />
          <label htmlFor="outbox-state">{t('state')}</label>
          <Select
            id="outbox-state"
            style={{ width: 180 }}
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
            options={[
              { value: ALL, label: t('stateAll') },
              ...STATES.map((s) => ({ value: s, label: t(`state_${s}`) })),
            ]}
          />
        </Space>
      </div>
      {list.error ? <ErrorAlert error={list.error} title={t('loadFailed')} /> : null}
      {list.data ? (
        <Typography.Paragraph type="secondary" aria-live="polite">
          {t('total', { count: list.data.total })}
        </Typography.Paragraph>
      ) : null}
      <Table
        aria-label={t('tableLabel')}
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
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
