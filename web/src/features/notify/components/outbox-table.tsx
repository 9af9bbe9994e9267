// Hộp thư đi (issue 12 item 7, on the e-mail page of issue 15): the administrator sees every
// notice the platform wrote — to officials and to citizens, from the documents and the one-stop
// desk — with the state of its e-mail, filtered by kind and state. A failed or skipped e-mail
// shows its last error and can be sent again (POST /admin/notifications/{id}/retry; a 409 when
// it is no longer failed is explained and the table reloads).
import { Alert, App as AntdApp, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { api, ApiError } from '../../../shared/api/client';
import { errorMessage } from '../../../shared/api/error-message';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { isKnownNoticeKind, noticeKindMessages } from '../notice-kinds';
import { outboxMessages } from '../outbox-i18n';

type State = 'pending' | 'sent' | 'failed' | 'skipped';
const STATES: readonly State[] = ['pending', 'sent', 'failed', 'skipped'];
const RETRYABLE: ReadonlySet<State> = new Set(['failed', 'skipped']);
const STATE_COLOR: Record<State, string | undefined> = {
  pending: 'processing',
  sent: 'success',
  failed: 'error',
  skipped: undefined,
};
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

function retryNotice(
  id: number,
): Promise<{ id: number; emailState: State; emailAttempts: number }> {
  return api.post(`/admin/notifications/${id}/retry`, {});
}

export function OutboxTable({
  onChanged,
}: {
  /** After a notice was sent again. */ onChanged?: () => void;
}) {
  const t = useTranslate(outboxMessages);
  const tk = useTranslate(noticeKindMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { message } = AntdApp.useApp();
  const [typed, setTyped] = useState('');
  const [kind, setKind] = useState('');
  const [state, setState] = useState<State | typeof ALL>(ALL);
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<number | null>(null);
  const [problem, setProblem] = useState<{ id: number; error: unknown } | null>(null);
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

  const retry = (m: OutboxItem) => {
    setBusy(m.id);
    setProblem(null);
    retryNotice(m.id)
      .then(() => {
        void message.success(t('retried', { id: m.id }));
        list.reload();
        onChanged?.();
      })
      .catch((reason: unknown) => {
        setProblem({ id: m.id, error: reason });
        if (reason instanceof ApiError && reason.status === 409) {
          list.reload();
          onChanged?.();
        }
      })
      .finally(() => setBusy(null));
  };

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
      width: 280,
      render: (_, m) => (
        <>
          <Tag color={STATE_COLOR[m.emailState]}>{t(`state_${m.emailState}`)}</Tag>
          {m.emailLastError ? (
            <div
              style={{ color: '#a8071a', marginTop: 4, overflowWrap: 'anywhere' }}
              data-testid={`outbox-error-${m.id}`}
            >
              {t('lastError', { error: m.emailLastError })}
            </div>
          ) : null}
          {RETRYABLE.has(m.emailState) ? (
            <Button
              size="small"
              type="primary"
              style={{ marginTop: 6 }}
              loading={busy === m.id}
              aria-label={t('retryOf', { id: m.id })}
              onClick={() => retry(m)}
            >
              {t('retry')}
            </Button>
          ) : null}
        </>
      ),
    },
    { title: t('colAttempts'), dataIndex: 'emailAttempts', key: 'attempts', width: 90 },
  ];

  return (
    <>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <div className="cqdt-filter-bar">
        <Space wrap>
          <label htmlFor="outbox-kind">{t('kind')}</label>
          <Input.Search
            id="outbox-kind"
            style={{ width: 260, maxWidth: '100%' }}
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
              setProblem(null);
            }}
            options={[
              { value: ALL, label: t('stateAll') },
              ...STATES.map((s) => ({ value: s, label: t(`state_${s}`) })),
            ]}
          />
        </Space>
      </div>
      {problem ? (
        problem.error instanceof ApiError && problem.error.status === 409 ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={t('retryConflict', { id: problem.id })}
            description={
              <>
                <div>{errorMessage(problem.error, tc)}</div>
                <div>{t('retryConflictHelp')}</div>
              </>
            }
          />
        ) : (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={problem.error} />
          </div>
        )
      ) : null}
      {list.error ? (
        <Space direction="vertical" style={{ marginBottom: 16 }}>
          <ErrorAlert error={list.error} title={t('loadFailed')} />
          <Button onClick={list.reload}>{t('reload')}</Button>
        </Space>
      ) : null}
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
        scroll={{ x: 1100 }}
        locale={{
          emptyText: <EmptyState text={state === 'failed' ? t('emptyFailed') : t('empty')} />,
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
      />
    </>
  );
}
