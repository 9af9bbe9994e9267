// Nộp lưu hồ sơ (/ho-so/nop-luu): the agency's transfers of work records to its archive, each
// with its sealed package to download (issue 11 item 2; leaders and clerks).
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';

import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { formatVnTime } from '../../shared/lib/vn-time';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { listTransfers, transferPackageUrl, type ArchiveTransfer } from './api';
import { archiveMessages } from './archive-i18n';
import { AGENCY_RECORDS_PATH } from './paths';
import './records.css';

export default function ArchiveTransfersPage() {
  const t = useTranslate(archiveMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const navigate = useNavigate();
  useDocumentTitle(t('pageTitle'), tc('appName'));
  const transfers = useAsync((signal) => listTransfers(signal), [lang]);

  const columns: TableColumnsType<ArchiveTransfer> = [
    { title: t('colId'), dataIndex: 'id', key: 'id', width: 70 },
    {
      title: t('colTime'),
      key: 'time',
      width: 170,
      render: (_, r) => formatVnTime(r.createdAt),
    },
    { title: t('colBy'), dataIndex: 'createdByName', key: 'by', width: 170 },
    {
      title: t('colRecords'),
      key: 'records',
      render: (_, r) => (
        <span className="cqdt-record-wrap">
          {r.fileCodes.map((code) => (
            <div key={code}>{code}</div>
          ))}
        </span>
      ),
    },
    { title: t('colFiles'), dataIndex: 'fileCount', key: 'files', width: 90, align: 'right' },
    {
      title: t('colPackage'),
      key: 'package',
      width: 240,
      render: (_, r) => (
        <a href={transferPackageUrl(r.id)} download={r.fileName}>
          <DownloadOutlined aria-hidden /> {r.fileName}
        </a>
      ),
    },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('pageTitle')}
        </Typography.Title>
        <Button onClick={() => void navigate(AGENCY_RECORDS_PATH)}>{t('toAgencyRecords')}</Button>
      </div>
      <Typography.Paragraph>{t('pageIntro')}</Typography.Paragraph>
      {transfers.error ? <ErrorAlert error={transfers.error} title={t('loadFailed')} /> : null}
      <Table<ArchiveTransfer>
        rowKey="id"
        size="middle"
        loading={transfers.loading}
        columns={columns}
        dataSource={transfers.data?.items ?? []}
        scroll={{ x: 900 }}
        aria-label={t('pageTitle')}
        data-testid="archive-transfers-table"
        locale={{ emptyText: <EmptyState text={t('empty')} /> }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
    </>
  );
}
