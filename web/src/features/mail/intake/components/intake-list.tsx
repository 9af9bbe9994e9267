// The reception page's e-mail tab: the messages the agency's official mailbox received, newest
// first — waiting ones by default, registered, discarded or all on demand (the filter in the
// address, ?tinh-trang=). Clerks act on them on the message's page; leaders read.
import { Badge, Button, Radio, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import { EmptyState } from '../../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../../shared/ui/error-alert';
import { type IntakeFilter, type IntakeItem, listIntake } from '../api';
import { mailIntakeMessages } from '../i18n';
import { dkimTag } from '../lib/labels';
import { mailIntakePath } from '../paths';
import '../intake.css';
import { IntakeStateTag } from './intake-state';

const FILTERS: readonly IntakeFilter[] = ['received', 'registered', 'discarded', 'all'];
const FILTER_PARAM = 'tinh-trang';
const PAGE_SIZE = 50;

/** The tab's title: its name and, as a badge, the messages waiting (also said in words). */
export function MailIntakeTabLabel({ waiting }: { waiting?: number }) {
  const t = useTranslate(mailIntakeMessages);
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

export function MailIntakeList() {
  const t = useTranslate(mailIntakeMessages);
  const [params, setParams] = useSearchParams();
  const asked = params.get(FILTER_PARAM) as IntakeFilter | null;
  const filter: IntakeFilter = asked && FILTERS.includes(asked) ? asked : 'received';
  // The page of the table, for the filter it was chosen under (another filter starts at 1).
  const [paging, setPaging] = useState({ filter, page: 1 });
  const page = paging.filter === filter ? paging.page : 1;
  const list = useAsync(
    (signal) => listIntake(filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [filter, page],
  );

  const setFilter = (next: IntakeFilter) => {
    const copy = new URLSearchParams(params);
    if (next === 'received') {
      copy.delete(FILTER_PARAM);
    } else {
      copy.set(FILTER_PARAM, next);
    }
    setParams(copy, { replace: true });
  };

  const columns: TableColumnsType<IntakeItem> = [
    {
      title: t('colSender'),
      key: 'sender',
      render: (_, i) => (
        <span className="cqdt-mail-intake-break">
          {i.fromName || i.fromAddress}
          {i.fromName ? (
            <>
              <br />
              <span className="cqdt-muted">{i.fromAddress}</span>
            </>
          ) : null}
        </span>
      ),
    },
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, i) => (
        <span className="cqdt-mail-intake-break">
          <Link to={mailIntakePath(i.id)}>{i.subject || t('noSubject')}</Link>
          {i.dkim.result === 'fail' || i.dkim.result === 'permerror' ? (
            <>
              {' '}
              <Tag color="error">{dkimTag(t, i.dkim).text}</Tag>
            </>
          ) : null}
          {i.warningCount > 0 ? (
            <>
              {' '}
              <Tag color="warning">{t('warningsFlag', { count: i.warningCount })}</Tag>
            </>
          ) : null}
        </span>
      ),
    },
    {
      title: t('colFiles'),
      key: 'files',
      render: (_, i) => (i.fileCount > 0 ? t('fileCount', { count: i.fileCount }) : t('noFiles')),
    },
    {
      title: t('colState'),
      key: 'state',
      render: (_, i) => <IntakeStateTag state={i.state} label={i.stateLabel} />,
    },
    {
      title: t('colReceivedAt'),
      key: 'receivedAt',
      render: (_, i) => formatVnTime(i.receivedAt),
    },
  ];

  return (
    <>
      <p>{t('listIntro')}</p>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id="mail-intake-filter-label">{t('filterLabel')}:</span>
        <Radio.Group
          aria-labelledby="mail-intake-filter-label"
          optionType="button"
          value={filter}
          onChange={(e) => setFilter(e.target.value as IntakeFilter)}
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
        <Table<IntakeItem>
          aria-label={t('tableLabel')}
          rowKey="id"
          size="small"
          loading={list.loading && !list.data}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            onChange: (next) => setPaging({ filter, page: next }),
          }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState text={t(`empty_${filter}`)} /> }}
        />
      )}
    </>
  );
}
