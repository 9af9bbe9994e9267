// The reception page's e-mail tab: the messages the agency's official mailbox received, newest
// first — waiting ones by default, registered, discarded or all on demand (the filter in the
// address, ?tinh-trang=). Clerks act on them on the message's page; leaders read. The list is the
// three receptions' shared one (shared/reception); the columns' contents and the words are
// this feature's.
import { Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { formatVnTime } from '../../../../shared/lib/vn-time';
import {
  NameAndCode,
  ReceptionList,
  SubjectLink,
  useFilterParam,
  WaitingTabLabel,
} from '../../../../shared/reception/reception-list';
import { type IntakeFilter, type IntakeItem, listIntake } from '../api';
import { mailIntakeMessages } from '../i18n';
import { dkimTag } from '../lib/labels';
import { mailIntakePath } from '../paths';
import '../intake.css';
import { IntakeStateTag } from './intake-state';

const FILTERS: readonly IntakeFilter[] = ['received', 'registered', 'discarded', 'all'];
const PAGE_SIZE = 50;

/** The tab's title: its name and, as a badge, the messages waiting (also said in words). */
export function MailIntakeTabLabel({ waiting }: { waiting?: number }) {
  const t = useTranslate(mailIntakeMessages);
  return (
    <WaitingTabLabel
      label={t('tabLabel')}
      waiting={waiting}
      waitingText={(count) => t('tabWaiting', { count })}
    />
  );
}

export function MailIntakeList() {
  const t = useTranslate(mailIntakeMessages);
  const [filter, setFilter] = useFilterParam(FILTERS, 'received');
  // The page of the table, for the filter it was chosen under (another filter starts at 1).
  const [paging, setPaging] = useState({ filter, page: 1 });
  const page = paging.filter === filter ? paging.page : 1;
  const list = useAsync(
    (signal) => listIntake(filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [filter, page],
  );

  const columns: TableColumnsType<IntakeItem> = [
    {
      title: t('colSender'),
      key: 'sender',
      render: (_, i) => (
        <NameAndCode name={i.fromName} code={i.fromAddress} className="cqdt-mail-intake-break" />
      ),
    },
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, i) => (
        <SubjectLink
          to={mailIntakePath(i.id)}
          text={i.subject || t('noSubject')}
          className="cqdt-mail-intake-break"
          flags={[
            (i.dkim.result === 'fail' || i.dkim.result === 'permerror') && (
              <Tag color="error">{dkimTag(t, i.dkim).text}</Tag>
            ),
            i.warningCount > 0 && (
              <Tag color="warning">{t('warningsFlag', { count: i.warningCount })}</Tag>
            ),
          ]}
        />
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
    <ReceptionList
      id="mail-intake"
      t={t}
      filters={FILTERS}
      filter={filter}
      onFilter={setFilter}
      waiting={{ count: list.data?.waiting, t }}
      list={list}
      tableLabel={t('tableLabel')}
      columns={columns}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: list.data?.total ?? 0,
        hideOnSinglePage: true,
        showSizeChanger: false,
        onChange: (next) => setPaging({ filter, page: next }),
      }}
    />
  );
}
