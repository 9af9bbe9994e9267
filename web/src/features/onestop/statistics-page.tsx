// Thống kê hồ sơ (/mot-cua/thong-ke, issue 12 item 6): the desk's periodic report — per
// procedure or sector, dossiers carried over, received (online; in person or by post), resolved
// early / on time / late, in progress on time / late, refused, supplements — with the time each
// step took, the counter queue's times, a chart of the results, and the workbook to download.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { usePrefersReducedMotion } from '../../shared/lib/use-prefers-reduced-motion';
import { ErrorAlert } from '../../shared/ui/error-alert';
import type { ChartSeries } from '../../shared/ui/stacked-bar-chart';
import {
  type DossierCounts,
  onestopStatistics,
  onestopStatisticsXlsxUrl,
  type StatisticsGroup,
} from './statistics-api';
import { statisticsMessages } from './statistics-i18n';

// ECharts comes with the chart's own chunk, when a report has rows.
const StackedBarChart = lazy(() => import('../../shared/ui/stacked-bar-chart'));

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
  const reduced = usePrefersReducedMotion();
  const series: ChartSeries[] = useMemo(
    () => [
      { key: 'resolvedEarly', name: t('colEarly'), color: '#0f766e', stack: 'resolved' },
      { key: 'resolvedOnTime', name: t('colOnTime'), color: '#15803d', stack: 'resolved' },
      { key: 'resolvedLate', name: t('colLate'), color: '#b45309', stack: 'resolved' },
      { key: 'openOnTime', name: t('colOpenOnTime'), color: '#6d28d9', stack: 'open' },
      { key: 'openLate', name: t('colOpenLate'), color: '#b91c1c', stack: 'open' },
    ],
    [t],
  );
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
      {data && data.rows.length > 0 ? (
        <section aria-labelledby="stats-chart-title" style={{ marginBottom: 16 }}>
          <Typography.Title level={2} style={{ fontSize: 18 }} id="stats-chart-title">
            {t('chartTitle')}
          </Typography.Title>
          <Suspense fallback={<Typography.Paragraph>{t('chartLoading')}</Typography.Paragraph>}>
            <StackedBarChart
              rows={data.rows}
              series={series}
              animate={!reduced}
              label={t('chartLabel', {
                count: data.rows.length,
                early: data.total.resolvedEarly,
                onTime: data.total.resolvedOnTime,
                late: data.total.resolvedLate,
                open: data.total.openOnTime + data.total.openLate,
                openLate: data.total.openLate,
              })}
            />
          </Suspense>
        </section>
      ) : null}
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
