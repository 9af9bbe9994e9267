// What waits on the hub, per route and partner and state, with the oldest package's time.
import { Button, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';

import { useLanguage } from '../../../../shared/i18n/use-language';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { exchangeAdminMessages } from '../../admin-i18n';
import { listQueues } from '../../api/hub';
import type { HubQueue } from '../../api/types';
import { exchangeMessages } from '../../i18n';
import { routeLabel } from '../../lib/labels';
import { TransportStateTag } from '../transport';

const STATES = new Set(['dead', 'pending', 'failed', 'delivered', 'acknowledged']);

export function QueuesTab() {
  const t = useTranslate(exchangeAdminMessages);
  const tx = useTranslate(exchangeMessages);
  const { lang } = useLanguage();
  const list = useAsync((signal) => listQueues(signal), [lang]);
  const stateLabel = (state: string) =>
    STATES.has(state) ? t(`dstate_${state}` as 'dstate_dead') : state;
  const columns: TableColumnsType<HubQueue> = [
    { title: t('colRoute'), key: 'route', render: (_, q) => routeLabel(tx, q.route) },
    { title: t('colPartner'), key: 'partner', render: (_, q) => q.partner || '—' },
    {
      title: t('colState'),
      key: 'state',
      render: (_, q) => <TransportStateTag state={q.state} label={stateLabel(q.state)} />,
    },
    { title: t('colCount'), dataIndex: 'count', key: 'count' },
    { title: t('colOldest'), key: 'oldest', render: (_, q) => formatVnTime(q.oldest) },
  ];
  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Button onClick={list.reload} loading={list.loading && !!list.data}>
          {t('refresh')}
        </Button>
      </div>
      {list.error ? (
        <Space direction="vertical">
          <ErrorAlert error={list.error} title={t('loadFailed')} />
          <Button onClick={list.reload}>{t('reload')}</Button>
        </Space>
      ) : (
        <Table<HubQueue>
          aria-label={t('queuesTable')}
          rowKey={(q) => `${q.route}|${q.partner}|${q.state}`}
          size="small"
          loading={list.loading && !list.data}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState text={t('queuesEmpty')} /> }}
        />
      )}
    </>
  );
}
