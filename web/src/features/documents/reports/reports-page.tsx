// Báo cáo, thống kê (/bao-cao; leaders and clerks): for a period and a grouping (agency, unit,
// person), incoming received, outgoing issued, processed on time / late, in progress on time /
// overdue — as a chart (ECharts, lazy-loaded), a table and an Excel download.
import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Grid,
  Segmented,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { usePrefersReducedMotion } from '../../../shared/lib/use-prefers-reduced-motion';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import {
  downloadStatistics,
  getStatistics,
  saveBlob,
  type GroupBy,
  type StatisticsCounts,
  type StatisticsQuery,
  type StatisticsRow,
} from './api';
import { reportsMessages } from './i18n';
import type { ChartSeries } from '../../../shared/ui/stacked-bar-chart';
import './reports.css';

const StatisticsChart = lazy(() => import('../../../shared/ui/stacked-bar-chart'));

const DAY = 'YYYY-MM-DD';

/** Today in Vietnam (UTC+7), whatever the browser's zone. */
function vnToday(): Dayjs {
  return dayjs(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10));
}

function formatDay(iso: string): string {
  return iso.length === 10 ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;
}

type CountKey = keyof StatisticsCounts;

export default function ReportsPage() {
  const t = useTranslate(reportsMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { message } = App.useApp();
  const reduced = usePrefersReducedMotion();
  // On a phone the filters stack: the period picker alone is wider than half the screen.
  const wide = Grid.useBreakpoint().md ?? true;
  useDocumentTitle(t('title'), tc('appName'));
  const today = vnToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.startOf('year'), today]);
  const [groupBy, setGroupBy] = useState<GroupBy>('unit');
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);
  const query: StatisticsQuery = {
    from: range[0].format(DAY),
    to: range[1].format(DAY),
    groupBy,
  };
  const stats = useAsync(
    (signal) => getStatistics(query, signal),
    [query.from, query.to, query.groupBy, lang],
  );

  const countColumns: { key: CountKey; title: string; color: string; stack: string }[] = useMemo(
    () => [
      { key: 'received', title: t('colReceived'), color: '#1d4ed8', stack: 'in' },
      { key: 'issued', title: t('colIssued'), color: '#0f766e', stack: 'out' },
      { key: 'doneOnTime', title: t('colDoneOnTime'), color: '#15803d', stack: 'state' },
      { key: 'doneLate', title: t('colDoneLate'), color: '#b45309', stack: 'state' },
      { key: 'openOnTime', title: t('colOpenOnTime'), color: '#6d28d9', stack: 'state' },
      { key: 'openOverdue', title: t('colOpenOverdue'), color: '#b91c1c', stack: 'state' },
    ],
    [t],
  );
  const series: ChartSeries[] = useMemo(
    () => countColumns.map((c) => ({ key: c.key, name: c.title, color: c.color, stack: c.stack })),
    [countColumns],
  );

  const groupLabel =
    groupBy === 'agency' ? t('byAgency') : groupBy === 'unit' ? t('byUnit') : t('byPerson');
  const columns: TableColumnsType<StatisticsRow> = [
    { title: groupLabel, dataIndex: 'label', key: 'label', fixed: 'left', width: 200 },
    ...countColumns.map((c) => ({
      title: c.title,
      key: c.key,
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: StatisticsRow) => r.counts[c.key],
    })),
  ];

  async function download() {
    setDownloading(true);
    setDownloadError(null);
    try {
      saveBlob(await downloadStatistics(query), `thong-ke-${query.from}-${query.to}.xlsx`);
      void message.success(t('downloadXlsx'));
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  }

  const data = stats.data;
  const total = data?.total;
  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('title')}
        </Typography.Title>
        <Button
          icon={<DownloadOutlined aria-hidden />}
          onClick={() => void download()}
          loading={downloading}
        >
          {t('downloadXlsx')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">
        {t('intro', { today: formatDay(data?.today ?? today.format(DAY)) })}
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout={wide ? 'inline' : 'vertical'} noValidate style={{ rowGap: 12 }}>
          <Form.Item label={t('period')} htmlFor="report-period">
            <DatePicker.RangePicker
              id={{ start: 'report-period', end: 'report-period-end' }}
              value={range}
              format="DD/MM/YYYY"
              allowClear={false}
              style={wide ? undefined : { width: '100%' }}
              onChange={(v) => {
                if (v?.[0] && v[1]) {
                  setRange([v[0], v[1]]);
                }
              }}
            />
          </Form.Item>
          <Form.Item label={t('groupBy')}>
            <Segmented<GroupBy>
              value={groupBy}
              onChange={setGroupBy}
              options={[
                { value: 'agency', label: t('byAgency') },
                { value: 'unit', label: t('byUnit') },
                { value: 'person', label: t('byPerson') },
              ]}
            />
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={stats.error ?? downloadError} />
      {data && data.rows.length === 0 ? <EmptyState text={t('empty')} /> : null}
      {data && data.rows.length > 0 ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Card size="small" title={<h2 className="cqdt-report-h2">{t('chartTitle')}</h2>}>
            <Suspense
              fallback={<div className="cqdt-report-chart-loading">{t('chartLoading')}</div>}
            >
              <StatisticsChart
                rows={data.rows}
                series={series}
                animate={!reduced}
                label={t('chartLabel', {
                  count: data.rows.length,
                  received: data.total.received,
                  issued: data.total.issued,
                  late: data.total.doneLate,
                  overdue: data.total.openOverdue,
                })}
              />
            </Suspense>
          </Card>
          <Table<StatisticsRow>
            rowKey={(r) => String(r.id ?? 'none')}
            columns={columns}
            dataSource={data.rows}
            loading={stats.loading}
            pagination={false}
            size="small"
            scroll={{ x: 'max-content' }}
            summary={() =>
              total ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <strong>{t('total')}</strong>
                  </Table.Summary.Cell>
                  {countColumns.map((c, i) => (
                    <Table.Summary.Cell key={c.key} index={i + 1} align="right">
                      <strong>{total[c.key]}</strong>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              ) : null
            }
          />
        </Space>
      ) : null}
    </>
  );
}
