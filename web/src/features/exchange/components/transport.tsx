// What a package did on the hub, in words: its deliveries (recipient, route, state, attempts,
// last error) and its trace of hops (time in Vietnam, from → to, result, detail). Shared by the
// administrators' package drawer and the outgoing document's exchange section.
import { Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { formatVnTime, toVnIso } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import type { Hop, HubDelivery } from '../api/types';
import { exchangeMessages } from '../i18n';
import '../exchange.css';
import { hopColor, hopResultLabel, nodeLabel, routeLabel, transportColor } from '../lib/labels';

export function TransportStateTag({ state, label }: { state: string; label: string }) {
  return <Tag color={transportColor(state)}>{label}</Tag>;
}

export function DeliveriesTable({
  deliveries,
  label,
  extraColumn,
  emptyText,
}: {
  deliveries: HubDelivery[];
  /** The table's accessible name (several tables may share a page). */
  label: string;
  extraColumn?: TableColumnsType<HubDelivery>[number];
  emptyText?: string;
}) {
  const t = useTranslate(exchangeMessages);
  const columns: TableColumnsType<HubDelivery> = [
    { title: t('colRecipient'), dataIndex: 'recipient', key: 'recipient' },
    { title: t('colRoute'), key: 'route', render: (_, d) => routeLabel(t, d.route) },
    {
      title: t('colTransport'),
      key: 'state',
      render: (_, d) => <TransportStateTag state={d.state} label={d.stateLabel} />,
    },
    { title: t('colAttempts'), dataIndex: 'attempts', key: 'attempts' },
    {
      title: t('colDeliveredAt'),
      key: 'deliveredAt',
      render: (_, d) => (d.deliveredAt ? formatVnTime(d.deliveredAt) : ''),
    },
    {
      title: t('colLastError'),
      key: 'lastError',
      render: (_, d) => d.lastError,
    },
  ];
  if (extraColumn) {
    columns.push(extraColumn);
  }
  return (
    <Table<HubDelivery>
      aria-label={label}
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={deliveries}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <EmptyState text={emptyText ?? t('deliveriesEmpty')} /> }}
    />
  );
}

export function HopTrace({ hops, label }: { hops: Hop[]; label: string }) {
  const t = useTranslate(exchangeMessages);
  if (hops.length === 0) {
    return <EmptyState text={t('traceEmpty')} />;
  }
  return (
    <ol className="cqdt-hop-trace" aria-label={label}>
      {hops.map((h, index) => (
        <li key={`${h.at}-${index}`} className={`cqdt-hop-trace__hop is-${hopColor(h.result)}`}>
          <div>
            <Tag color={hopColor(h.result)}>{hopResultLabel(t, h.result)}</Tag>{' '}
            <time className="cqdt-muted" dateTime={toVnIso(h.at)}>
              {t('timeVn', { time: formatVnTime(h.at) })}
            </time>
          </div>
          <div>
            {nodeLabel(t, h.from)} → {nodeLabel(t, h.to)}
          </div>
          {h.detail ? <div className="cqdt-muted">{h.detail}</div> : null}
        </li>
      ))}
    </ol>
  );
}
