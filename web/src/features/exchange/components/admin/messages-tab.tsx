// The packages the hub holds, newest first, a page of 50 at a time: all, documents, status
// notices or refused ones; each opens in a drawer with its deliveries and trace.
import { Button, Radio, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { useLanguage } from '../../../../shared/i18n/use-language';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { exchangeAdminMessages } from '../../admin-i18n';
import { listMessages } from '../../api/hub';
import type { HubMessage, MessageFilter } from '../../api/types';
import { MessageDrawer, MessageKind, sourceLabel } from './message-drawer';

const PAGE = 50;
const FILTERS: readonly MessageFilter[] = ['', 'document', 'status', 'refused'];

export function MessagesTab() {
  const t = useTranslate(exchangeAdminMessages);
  const { lang } = useLanguage();
  const [filter, setFilter] = useState<MessageFilter>('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const list = useAsync(
    (signal) => listMessages(filter, PAGE, (page - 1) * PAGE, signal),
    [filter, page, lang],
  );
  const items = list.data?.items ?? [];

  const columns: TableColumnsType<HubMessage> = [
    { title: t('colReceivedAt'), key: 'receivedAt', render: (_, m) => formatVnTime(m.receivedAt) },
    { title: t('colMessageKind'), key: 'kind', render: (_, m) => <MessageKind m={m} /> },
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, m) => (
        <span className="cqdt-break" style={{ display: 'inline-block', maxWidth: 360 }}>
          {m.subject || null}
          {m.subject ? <br /> : null}
          <span className="cqdt-muted cqdt-mono">{m.documentId}</span>
        </span>
      ),
    },
    { title: t('colFrom'), dataIndex: 'from', key: 'from' },
    { title: t('colSource'), key: 'source', render: (_, m) => sourceLabel(t, m) },
    {
      title: t('colResult'),
      key: 'result',
      render: (_, m) =>
        m.accepted ? (
          <Tag color="success">{t('accepted')}</Tag>
        ) : (
          <span>
            <Tag color="error">{t('refused')}</Tag>
            <span className="cqdt-break" style={{ display: 'inline-block', maxWidth: 280 }}>
              {m.refusalMessage}
            </span>
          </span>
        ),
    },
    {
      title: t('colActions'),
      key: 'actions',
      render: (_, m) => (
        <Button
          size="small"
          aria-label={t('detailsOf', { id: m.id })}
          onClick={() => setOpen(m.id)}
        >
          {t('details')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id="exchange-messages-filter">{t('filterLabel')}:</span>
        <Radio.Group
          aria-labelledby="exchange-messages-filter"
          optionType="button"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value as MessageFilter);
            setPage(1);
          }}
          options={FILTERS.map((f) => ({ value: f, label: t(`msgFilter_${f || 'all'}`) }))}
        />
      </Space>
      {list.error ? (
        <Space direction="vertical">
          <ErrorAlert error={list.error} title={t('loadFailed')} />
          <Button onClick={list.reload}>{t('reload')}</Button>
        </Space>
      ) : (
        <Table<HubMessage>
          aria-label={t('messagesTable')}
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState text={t('messagesEmpty')} /> }}
        />
      )}
      {page > 1 || items.length === PAGE ? (
        <nav aria-label={t('messagesTable')} style={{ marginTop: 12 }}>
          <Space wrap>
            <Button disabled={page === 1} onClick={() => setPage(page - 1)}>
              {t('prevPage')}
            </Button>
            <span aria-live="polite">{t('pageN', { page })}</span>
            <Button disabled={items.length < PAGE} onClick={() => setPage(page + 1)}>
              {t('nextPage')}
            </Button>
          </Space>
        </nav>
      ) : null}
      {open !== null ? <MessageDrawer id={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
