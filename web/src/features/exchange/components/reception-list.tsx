// The reception page's exchange tab: what agencies outside the system sent to the caller's agency
// through the hub, newest first — waiting ones by default, registered, refused or all on demand.
// Clerks act on them on the package's page; leaders read.
import { Badge, Button, Radio, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { listExchangeReceptions } from '../api/receptions';
import type { ExchangeReception, ReceptionFilter } from '../api/types';
import { exchangeMessages } from '../i18n';
import { isNewBusiness } from '../lib/labels';
import { exchangeReceptionPath } from '../paths';
import { useExchangeWaiting } from '../use-waiting';
import { ReceptionStateTag } from './reception-state';

const FILTERS: readonly ReceptionFilter[] = ['received', 'recall', 'registered', 'refused', 'all'];
const FILTER_PARAM = 'tinh-trang';

/** The tab's title: its name and, as a badge, the packages waiting (also said in words). */
export function ExchangeReceptionsTabLabel() {
  const t = useTranslate(exchangeMessages);
  const waiting = useExchangeWaiting();
  return (
    <span>
      {t('tabLabel')}
      {waiting ? (
        <>
          {' '}
          <Badge count={waiting} overflowCount={99} color="#a8071a" aria-hidden />
          <span className="cqdt-visually-hidden"> ({t('tabWaiting', { count: waiting })})</span>
        </>
      ) : null}
    </span>
  );
}

export function ExchangeReceptionList() {
  const t = useTranslate(exchangeMessages);
  const [params, setParams] = useSearchParams();
  const asked = params.get(FILTER_PARAM) as ReceptionFilter | null;
  const filter: ReceptionFilter = asked && FILTERS.includes(asked) ? asked : 'received';
  const list = useAsync((signal) => listExchangeReceptions(filter, signal), [filter]);

  const setFilter = (next: ReceptionFilter) => {
    const copy = new URLSearchParams(params);
    if (next === 'received') {
      copy.delete(FILTER_PARAM);
    } else {
      copy.set(FILTER_PARAM, next);
    }
    setParams(copy, { replace: true });
  };

  const columns: TableColumnsType<ExchangeReception> = [
    {
      title: t('colSender'),
      key: 'sender',
      render: (_, r) => (
        <span>
          {r.senderName || r.senderCode}
          {r.senderName ? (
            <>
              <br />
              <span className="cqdt-muted">{r.senderCode}</span>
            </>
          ) : null}
        </span>
      ),
    },
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, r) => (
        <span>
          <Link to={exchangeReceptionPath(r.id)}>{r.subject || r.documentId}</Link>
          {r.recall?.state === 'requested' ? (
            <>
              {' '}
              <Tag color="warning">{t('recallFlag')}</Tag>
            </>
          ) : null}
        </span>
      ),
    },
    {
      title: t('colBusiness'),
      key: 'business',
      render: (_, r) =>
        isNewBusiness(r.business) ? r.businessLabel : <Tag color="orange">{r.businessLabel}</Tag>,
    },
    {
      title: t('colState'),
      key: 'state',
      render: (_, r) => <ReceptionStateTag state={r.state} label={r.stateLabel} />,
    },
    {
      title: t('colReceivedAt'),
      key: 'receivedAt',
      render: (_, r) => formatVnTime(r.receivedAt),
    },
  ];

  return (
    <>
      <p>{t('listIntro')}</p>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id="exchange-filter-label">{t('filterLabel')}:</span>
        <Radio.Group
          aria-labelledby="exchange-filter-label"
          optionType="button"
          value={filter}
          onChange={(e) => setFilter(e.target.value as ReceptionFilter)}
          options={FILTERS.map((f) => ({ value: f, label: t(`filter_${f}`) }))}
        />
      </Space>
      {list.data && list.data.waiting > 0 ? (
        <p aria-live="polite">{t('waitingCount', { count: list.data.waiting })}</p>
      ) : null}
      {list.error ? (
        <Space direction="vertical">
          <ErrorAlert error={list.error} />
          <Button onClick={list.reload}>{t('reload')}</Button>
        </Space>
      ) : (
        <Table<ExchangeReception>
          aria-label={t('tableLabel')}
          rowKey="id"
          size="small"
          loading={list.loading && !list.data}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState text={t(`empty_${filter}`)} /> }}
        />
      )}
    </>
  );
}
