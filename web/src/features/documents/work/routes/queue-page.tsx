import { Card, Form, Radio, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import type { Confidentiality, Urgency } from '../../incoming/api/types';
import { UrgencyFlags } from '../../incoming/components/flags';
import { incomingMessages } from '../../incoming/i18n';
import { getQueue, isQueueId, type QueueFlag, type QueueItem, queueItemPath } from '../api';
import { workMessages } from '../i18n';
import { QueueDueFlag } from '../queue-item';

const PAGE_SIZE = 20;

/**
 * One work queue, whole and paged by the server (earliest due first), with a due-date filter:
 * `/viec/:queue` ("Xem tất cả" of a card on "Việc của tôi").
 */
export default function QueuePage() {
  const t = useTranslate(workMessages);
  const ti = useTranslate(incomingMessages);
  const tc = useTranslate(commonMessages);
  const { queue } = useParams();
  const known = isQueueId(queue);
  const title = known ? t(`title_${queue}`) : t('unknownQueue');
  useDocumentTitle(known ? t('pageTitle', { title }) : title, tc('appName'));
  const [flag, setFlag] = useState<QueueFlag>('');
  const [page, setPage] = useState(1);
  const items = useAsync(
    (signal) =>
      getQueue(
        known ? queue : 'process',
        { flag, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        signal,
      ),
    [queue ?? '', flag, page],
    known,
  );

  if (!known) {
    return (
      <>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {title}
        </Typography.Title>
        <Link to="/" className="cqdt-text-link">
          {t('back')}
        </Link>
      </>
    );
  }

  const columns: TableColumnsType<QueueItem> = [
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, item) => (
        <Space orientation="vertical" size={4}>
          <Link to={queueItemPath(item)} className="cqdt-text-link cqdt-wrap-anywhere">
            {item.subject}
          </Link>
          <Space size={4} wrap>
            <UrgencyFlags
              urgency={item.urgency as Urgency}
              confidentiality={item.confidentiality as Confidentiality}
              t={ti}
            />
          </Space>
        </Space>
      ),
    },
    {
      title: t('colNumber'),
      key: 'number',
      width: 160,
      render: (_, item) => (
        <span>
          {item.numberText}
          {item.direction === 'incoming' && item.arrivalNumber ? (
            <div className="cqdt-muted">{t('arrivalShort', { number: item.arrivalNumber })}</div>
          ) : null}
        </span>
      ),
    },
    { title: t('colSender'), dataIndex: 'senderName', key: 'sender', width: 200 },
    {
      title: t('colDue'),
      key: 'due',
      width: 200,
      render: (_, item) => <QueueDueFlag item={item} />,
    },
    {
      title: t('colState'),
      key: 'state',
      width: 170,
      render: (_, item) => <span className="cqdt-flag cqdt-flag--state">{item.stateLabel}</span>,
    },
    {
      title: t('colUpdated'),
      key: 'updated',
      width: 170,
      render: (_, item) => formatVnTime(item.updatedAt),
    },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {title}
        </Typography.Title>
        <Link to="/" className="cqdt-text-link">
          {t('back')}
        </Link>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="inline" noValidate>
          <Form.Item label={t('filterLabel')} htmlFor="queue-flag">
            <Radio.Group
              id="queue-flag"
              value={flag}
              optionType="button"
              onChange={(e) => {
                setFlag(e.target.value as QueueFlag);
                setPage(1);
              }}
              options={[
                { value: '', label: t('filterAll') },
                { value: 'overdue', label: t('filterOverdue') },
                { value: 'due_soon', label: t('filterDueSoon') },
              ]}
            />
          </Form.Item>
        </Form>
      </Card>
      {items.error ? <ErrorAlert error={items.error} title={t('loadFailed')} /> : null}
      <Table<QueueItem>
        rowKey={(item) => `${item.direction}-${item.id}`}
        size="middle"
        loading={items.loading}
        columns={columns}
        dataSource={items.data?.items ?? []}
        scroll={{ x: 1000 }}
        aria-label={title}
        locale={{
          emptyText: <EmptyState text={flag ? t('emptyFiltered') : t(`empty_${queue}`)} />,
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: items.data?.total ?? 0,
          onChange: setPage,
          showTotal: (total) => t('total', { count: total }),
          hideOnSinglePage: true,
          showSizeChanger: false,
        }}
      />
    </>
  );
}
