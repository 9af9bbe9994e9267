// Hồ sơ của tôi (/ho-so/cua-toi) and Hồ sơ của cơ quan (/ho-so/co-quan): the work records the
// caller opened, or those of the agency the caller may read, filtered by state and year.
import { FolderAddOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnDate } from '../../shared/lib/vn-time';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { listRecords, RECORD_STATES, type RecordState, type RecordSummary } from './api';
import { archiveMessages } from './archive-i18n';
import { ArchiveTransferButton } from './archive-transfer';
import { vnYear } from './dates';
import { AppraisalDueFlag, StateFlag } from './flags';
import { recordsMessages } from './i18n';
import { PLAN_PATH, recordPath } from './paths';

const ALL = 'all';

export function RecordsListPage({ mine }: { mine: boolean }) {
  const t = useTranslate(recordsMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const navigate = useNavigate();
  const title = t(mine ? 'listMineTitle' : 'listAgencyTitle');
  useDocumentTitle(title, tc('appName'));
  const [state, setState] = useState<RecordState | typeof ALL>(ALL);
  const [year, setYear] = useState<number | typeof ALL>(ALL);
  // Nộp lưu (issue 11 item 2): a clerk selects closed records of the agency's list.
  const ta = useTranslate(archiveMessages);
  const { hasRole } = useAuth();
  const transfers = !mine && hasRole('clerk');
  const [selected, setSelected] = useState<RecordSummary[]>([]);
  const records = useAsync(
    (signal) =>
      listRecords(
        {
          mine,
          state: state === ALL ? undefined : state,
          year: year === ALL ? undefined : year,
        },
        signal,
      ),
    [mine, state, year, lang],
  );
  const thisYear = vnYear();

  const columns: TableColumnsType<RecordSummary> = [
    {
      title: t('colFileCode'),
      dataIndex: 'fileCode',
      key: 'fileCode',
      width: 210,
      render: (value: string) => <span className="cqdt-record-wrap">{value}</span>,
    },
    {
      title: t('colTitle'),
      key: 'title',
      render: (_, r) => (
        <span className="cqdt-record-wrap">
          <Link to={recordPath(r.id)}>{r.title}</Link>
        </span>
      ),
    },
    { title: t('colYear'), dataIndex: 'fileCatalog', key: 'year', width: 70 },
    { title: t('colRetention'), dataIndex: 'retentionLabel', key: 'retention', width: 120 },
    {
      title: t('colState'),
      key: 'state',
      width: 170,
      render: (_, r) => (
        <Space orientation="vertical" size={4}>
          <StateFlag state={r.state} label={r.stateLabel} t={t} />
          {r.appraisalDue ? <AppraisalDueFlag t={t} /> : null}
        </Space>
      ),
    },
    { title: t('colDocs'), dataIndex: 'docTotal', key: 'docs', width: 100, align: 'right' },
    { title: t('colCreator'), dataIndex: 'creatorName', key: 'creator', width: 160 },
    {
      title: t('colOpened'),
      key: 'opened',
      width: 110,
      render: (_, r) => formatVnDate(r.openedAt),
    },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {title}
        </Typography.Title>
        <Button icon={<FolderAddOutlined aria-hidden />} onClick={() => void navigate(PLAN_PATH)}>
          {t('toPlan')}
        </Button>
      </div>
      <Typography.Paragraph>{t(mine ? 'listMineIntro' : 'listAgencyIntro')}</Typography.Paragraph>
      <div className="cqdt-filter-bar">
        <Space wrap>
          <label htmlFor="records-state">{t('filterState')}</label>
          <Select
            id="records-state"
            style={{ width: 170 }}
            value={state}
            onChange={setState}
            options={[
              { value: ALL, label: t('stateAll') },
              ...RECORD_STATES.map((s) => ({ value: s, label: t(`state_${s}`) })),
            ]}
          />
        </Space>
        <Space wrap>
          <label htmlFor="records-year">{t('filterYear')}</label>
          <Select
            id="records-year"
            style={{ width: 130 }}
            value={year}
            onChange={setYear}
            options={[
              { value: ALL, label: t('yearAll') },
              ...Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({
                value: y,
                label: String(y),
              })),
            ]}
          />
        </Space>
      </div>
      {records.error ? <ErrorAlert error={records.error} title={t('listLoadFailed')} /> : null}
      {transfers ? (
        <div className="cqdt-filter-bar">
          <Space wrap>
            <ArchiveTransferButton
              selected={selected}
              t={ta}
              onDone={() => {
                setSelected([]);
                records.reload();
              }}
            />
            <Typography.Text type="secondary">{ta('transferHint')}</Typography.Text>
          </Space>
        </div>
      ) : null}
      <div style={{ overflowX: 'auto' }}>
        <Table<RecordSummary>
          rowKey="id"
          size="middle"
          loading={records.loading}
          columns={columns}
          dataSource={records.data?.items ?? []}
          // With row selection, antd's scroll measure row holds focusable checkboxes under
          // aria-hidden (axe: aria-hidden-focus): the wrapper scrolls instead.
          scroll={transfers ? undefined : { x: 1050 }}
          aria-label={title}
          data-testid="records-table"
          locale={{ emptyText: <EmptyState text={t('listEmpty')} /> }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          rowSelection={
            transfers
              ? {
                  selectedRowKeys: selected.map((r) => r.id),
                  onChange: (_, rows) => setSelected(rows),
                  getCheckboxProps: (r) => ({
                    disabled: r.state !== 'closed',
                    'aria-label': ta('selectRecord', { code: r.fileCode }),
                  }),
                }
              : undefined
          }
        />
      </div>
    </>
  );
}
