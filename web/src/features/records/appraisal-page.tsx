// Thẩm định hồ sơ hết hạn (/ho-so/tham-dinh, leaders): the closed records whose retention has
// passed, each appraised with a recorded decision (kept N more years, or destroyed, with the
// decision's number, date and reason). Nothing leaves the list without one.
import { Button, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnDate } from '../../shared/lib/vn-time';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { listAppraisal, type RecordSummary } from './api';
import { AppraisalModal } from './appraisal-modal';
import { formatDay } from './dates';
import { recordsMessages } from './i18n';
import { recordPath } from './paths';
import './records.css';

export default function AppraisalPage() {
  const t = useTranslate(recordsMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  useDocumentTitle(t('appraisalTitle'), tc('appName'));
  const list = useAsync((signal) => listAppraisal(signal), [lang]);
  const [appraising, setAppraising] = useState<RecordSummary | null>(null);

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
    { title: t('colRetention'), dataIndex: 'retentionLabel', key: 'retention', width: 120 },
    { title: t('colEnd'), key: 'end', width: 120, render: (_, r) => formatDay(r.endDate) },
    {
      title: t('colClosed'),
      key: 'closed',
      width: 110,
      render: (_, r) => formatVnDate(r.closedAt),
    },
    { title: t('colDocs'), dataIndex: 'docTotal', key: 'docs', width: 100, align: 'right' },
    {
      title: t('colActions'),
      key: 'actions',
      width: 120,
      render: (_, r) => (
        <Button
          size="small"
          type="primary"
          aria-label={t('appraiseLabel', { code: r.fileCode })}
          onClick={() => setAppraising(r)}
        >
          {t('appraise')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('appraisalTitle')}
        </Typography.Title>
      </div>
      <Typography.Paragraph>{t('appraisalIntro')}</Typography.Paragraph>
      {list.error ? <ErrorAlert error={list.error} title={t('appraisalLoadFailed')} /> : null}
      <Table<RecordSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        aria-label={t('appraisalTable')}
        data-testid="appraisal-table"
        locale={{ emptyText: <EmptyState text={t('appraisalEmpty')} /> }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      {appraising ? (
        <AppraisalModal
          record={appraising}
          t={t}
          onClose={() => setAppraising(null)}
          onDone={() => {
            setAppraising(null);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}
