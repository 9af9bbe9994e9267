// Thống kê hồ sơ (/mot-cua/thong-ke, issue 12 item 6): the desk's periodic report — per
// procedure or sector, dossiers carried over, received (online; in person or by post), resolved
// early / on time / late, in progress on time / late, refused, supplements — with the time each
// step took, the counter queue's times, and the workbook to download.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { ErrorAlert } from '../../shared/ui/error-alert';
import {
  type DossierCounts,
  onestopStatistics,
  onestopStatisticsXlsxUrl,
  type StatisticsGroup,
} from './statistics-api';
import { statisticsMessages } from './statistics-i18n';

const today = () => new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const firstOfMonth = () => `${today().slice(0, 8)}01`;

interface Line {
  key: string;
  label: string;
  counts: DossierCounts;
}

export default function StatisticsPage() {
  const t = useTranslate(statisticsMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  useDocumentTitle(t('title'), tc('appName'));
  const [from, setFrom] = useState(firstOfMonth());
  const [to, setTo] = useState(today());
  const [groupBy, setGroupBy] = useState<StatisticsGroup>('procedure');
  const stats = useAsync(
    (signal) => onestopStatistics({ from, to, groupBy }, signal),
    [from, to, groupBy, lang],
  );
  const data = stats.data;
  const count = (pick: (c: DossierCounts) => number) => (_: unknown, l: Line) => pick(l.counts);
  const columns: TableColumnsType<Line> = [
    {
      title: groupBy === 'sector' ? t('colSector') : t('colProcedure'),
      dataIndex: 'label',
      key: 'label',
    },
    { title: t('colCarried'), key: 'carried', width: 90, render: count((c) => c.carried) },
    { title: t('colOnline'), key: 'online', width: 90, render: count((c) => c.receivedOnline) },
    { title: t('colOther'), key: 'other', width: 110, render: count((c) => c.receivedOther) },
    { title: t('colEarly'), key: 'early', width: 80, render: count((c) => c.resolvedEarly) },
    { title: t('colOnTime'), key: 'onTime', width: 80, render: count((c) => c.resolvedOnTime) },
    { title: t('colLate'), key: 'late', width: 80, render: count((c) => c.resolvedLate) },
    {
      title: t('colOpenOnTime'),
      key: 'openOnTime',
      width: 100,
      render: count((c) => c.openOnTime),
    },
    { title: t('colOpenLate'), key: 'openLate', width: 100, render: count((c) => c.openLate) },
    { title: t('colRefused'), key: 'refused', width: 90, render: count((c) => c.refused) },
    {
      title: t('colSupplements'),
      key: 'supplements',
      width: 90,
      render: count((c) => c.supplements),
    },
  ];
  const lines: Line[] = data
    ? [...data.rows, { key: '__total', label: t('total'), counts: data.total }]
    : [];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <div className="cqdt-filter-bar">
        <Space wrap>
          <label htmlFor="stats-from">{t('from')}</label>
          <Input
            id="stats-from"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <label htmlFor="stats-to">{t('to')}</label>
          <Input id="stats-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          <label htmlFor="stats-group">{t('groupBy')}</label>
          <Select
            id="stats-group"
            style={{ width: 180 }}
            value={groupBy}
            onChange={setGroupBy}
            options={[
              { value: 'procedure', label: t('byProcedure') },
              { value: 'sector', label: t('bySector') },
            ]}
          />
          <Button
            icon={<DownloadOutlined aria-hidden />}
            href={onestopStatisticsXlsxUrl({ from, to, groupBy })}
            download
          >
            {t('xlsx')}
          </Button>
        </Space>
      </div>
      {stats.error ? <ErrorAlert error={stats.error} title={t('loadFailed')} /> : null}
      <Table
        aria-label={t('tableLabel')}
        rowKey="key"
        size="small"
        loading={stats.loading}
        columns={columns}
        dataSource={lines}
        pagination={false}
        scroll={{ x: 1200 }}
        rowClassName={(l) => (l.key === '__total' ? 'cqdt-total-row' : '')}
      />
      {data ? (
        <>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
            {t('stepsTitle')}
          </Typography.Title>
          <Table
            aria-label={t('stepsTitle')}
            rowKey="name"
            size="small"
            pagination={false}
            dataSource={data.steps}
            columns={[
              { title: t('colStep'), dataIndex: 'name', key: 'name' },
              { title: t('colCount'), dataIndex: 'count', key: 'count', width: 120 },
              {
                title: t('colHours'),
                key: 'hours',
                width: 180,
                render: (_, s) =>
                  s.averageHours.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
                    maximumFractionDigits: 1,
                  }),
              },
            ]}
          />
          <Typography.Paragraph style={{ marginTop: 16 }}>
            {t('queue', {
              tickets: data.queue.tickets,
              wait: Math.round(data.queue.averageWaitMinutes),
              serve: Math.round(data.queue.averageServeMinutes),
            })}
          </Typography.Paragraph>
        </>
      ) : null}
    </>
  );
}
