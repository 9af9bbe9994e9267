// The reception page's exchange tab: what agencies outside the system sent to the caller's agency
// through the hub, newest first — waiting ones by default, registered, refused or all on demand.
// Clerks act on them on the package's page; leaders read. The list is the three receptions'
// shared one (shared/reception); the columns' contents and the words are this feature's.
import { Tag } from 'antd';
import type { TableColumnsType } from 'antd';

import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { formatVnTime } from '../../../shared/lib/vn-time';
import {
  NameAndCode,
  ReceptionList,
  SubjectLink,
  useFilterParam,
  WaitingTabLabel,
} from '../../../shared/reception/reception-list';
import { listExchangeReceptions } from '../api/receptions';
import type { ExchangeReception, ReceptionFilter } from '../api/types';
import { exchangeMessages } from '../i18n';
import { isNewBusiness } from '../lib/labels';
import { exchangeReceptionPath } from '../paths';
import { useExchangeWaiting } from '../use-waiting';
import { ReceptionStateTag } from './reception-state';

const FILTERS: readonly ReceptionFilter[] = ['received', 'recall', 'registered', 'refused', 'all'];

/** The tab's title: its name and, as a badge, the packages waiting (also said in words). */
export function ExchangeReceptionsTabLabel() {
  const t = useTranslate(exchangeMessages);
  const waiting = useExchangeWaiting();
  return (
    <WaitingTabLabel
      label={t('tabLabel')}
      waiting={waiting}
      waitingText={(count) => t('tabWaiting', { count })}
    />
  );
}

export function ExchangeReceptionList() {
  const t = useTranslate(exchangeMessages);
  const [filter, setFilter] = useFilterParam(FILTERS, 'received');
  const list = useAsync((signal) => listExchangeReceptions(filter, signal), [filter]);

  const columns: TableColumnsType<ExchangeReception> = [
    {
      title: t('colSender'),
      key: 'sender',
      render: (_, r) => <NameAndCode name={r.senderName} code={r.senderCode} />,
    },
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, r) => (
        <SubjectLink
          to={exchangeReceptionPath(r.id)}
          text={r.subject || r.documentId}
          flags={[r.recall?.state === 'requested' && <Tag color="warning">{t('recallFlag')}</Tag>]}
        />
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
    <ReceptionList
      id="exchange"
      t={t}
      filters={FILTERS}
      filter={filter}
      onFilter={setFilter}
      waiting={{ count: list.data?.waiting, t }}
      list={list}
      tableLabel={t('tableLabel')}
      columns={columns}
    />
  );
}
