// "Chờ tiếp nhận" (/van-ban/tiep-nhan): what other agencies sent to the caller's agency through
// the system, newest first; waiting ones (01) and recall requests (13) by default, everything
// on demand. Clerks act on them; leaders read. When src/app gives it other sources (the
// exchange's list, issue 14: documents from outside the system; documents received by e-mail,
// issue 15), the page has a tab for each source, the open one in the address (?nguon=lien-thong,
// ?nguon=thu-dien-tu).
import { Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import { useAsync } from '../../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../../shared/lib/use-document-title';
import { formatVnDate, formatVnTime } from '../../../../shared/lib/vn-time';
import { ReceptionList, SubjectLink } from '../../../../shared/reception/reception-list';
import type { ReceptionSource } from '../../../../shared/reception/types';
import { listReceptions, type ReceptionFilter } from '../api/receptions';
import type { Reception } from '../api/types';
import { ReceptionStatusTag } from '../components/status-tag';
import { receptionMessages } from '../i18n';
import { receptionPath } from '../paths';
import '../reception.css';

const URGENT = new Set(['urgent', 'very_urgent', 'express']);
const FILTERS: readonly ReceptionFilter[] = ['pending', 'all'];

/** Another source of documents to receive, shown in a tab of its own (src/app builds them). */
export type { ReceptionSource };

const SOURCE_PARAM = 'nguon';
const HERE_SOURCE = 'he-thong';

export default function ReceptionListPage({ sources = [] }: { sources?: ReceptionSource[] }) {
  const t = useTranslate(receptionMessages);
  const tc = useTranslate(commonMessages);
  useDocumentTitle(t('listTitle'), tc('appName'));
  const [params, setParams] = useSearchParams();
  const asked = params.get(SOURCE_PARAM);
  const source = asked && sources.some((s) => s.key === asked) ? asked : HERE_SOURCE;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('listTitle')}
      </Typography.Title>
      {sources.length > 0 ? (
        <Tabs
          className="cqdt-reception-tabs"
          activeKey={source}
          onChange={(key) => setParams(key === HERE_SOURCE ? {} : { [SOURCE_PARAM]: key })}
          items={[
            {
              key: HERE_SOURCE,
              label: t('sourceHere'),
              children: source === HERE_SOURCE ? <HereReceptions /> : null,
            },
            ...sources.map((s) => ({
              key: s.key,
              label: s.label,
              children: source === s.key ? s.content : null,
            })),
          ]}
        />
      ) : (
        <HereReceptions />
      )}
    </>
  );
}

/** Documents agencies of this instance sent. */
function HereReceptions() {
  const t = useTranslate(receptionMessages);
  const [filter, setFilter] = useState<ReceptionFilter>('pending');
  const list = useAsync((signal) => listReceptions(filter, signal), [filter]);

  const columns: TableColumnsType<Reception> = [
    { title: t('colSender'), dataIndex: 'senderName', key: 'sender' },
    {
      title: t('colNumberText'),
      key: 'number',
      render: (_, r) => r.document.numberText ?? t('noNumber'),
    },
    {
      title: t('colSubject'),
      key: 'subject',
      render: (_, r) => (
        <SubjectLink
          to={receptionPath(r.id)}
          text={r.document.subject}
          flags={[
            URGENT.has(r.document.urgency) && (
              <Tag color="red" title={t('urgentFlag')}>
                {r.document.urgencyLabel}
              </Tag>
            ),
            r.document.confidentiality !== 'none' && (
              <Tag color="error">{r.document.confidentialityLabel}</Tag>
            ),
          ]}
        />
      ),
    },
    {
      title: t('colIssuedDate'),
      key: 'issuedDate',
      render: (_, r) => formatVnDate(r.document.issuedDate),
    },
    {
      title: t('colStatus'),
      key: 'status',
      render: (_, r) => <ReceptionStatusTag status={r.status} label={r.statusLabel} />,
    },
    {
      title: t('colStatusAt'),
      dataIndex: 'statusAt',
      key: 'statusAt',
      render: (value: string) => formatVnTime(value),
    },
  ];

  return (
    <ReceptionList
      id="reception"
      t={t}
      filters={FILTERS}
      filter={filter}
      onFilter={setFilter}
      list={list}
      columns={columns}
    />
  );
}
