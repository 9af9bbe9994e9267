// Danh mục thủ tục hành chính (/mot-cua/thu-tuc, issue 12 item 1): the procedures in force,
// searched by name or code without diacritics and filtered by level and sector; administrators
// export the catalogue and import a file, checked first.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorAlert } from '../../shared/ui/error-alert';
import {
  EXPORT_URL,
  EXPORT_XLSX_URL,
  type Level,
  LEVELS,
  listProcedures,
  type ProcedureSummary,
} from './api';
import { Flag } from '../../shared/ui/flag';
import { onestopMessages } from './i18n';
import { ImportModal } from './import-modal';
import { procedurePath } from './paths';

const ALL = 'all';
const PAGE_SIZE = 50;

export default function ProceduresPage() {
  const t = useTranslate(onestopMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { hasRole } = useAuth();
  useDocumentTitle(t('listTitle'), tc('appName'));
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [level, setLevel] = useState<Level | typeof ALL>(ALL);
  const [sector, setSector] = useState<string>(ALL);
  const [page, setPage] = useState(1);
  const [importing, setImporting] = useState(false);
  const list = useAsync(
    (signal) =>
      listProcedures(
        {
          q: query || undefined,
          level: level === ALL ? undefined : level,
          sector: sector === ALL ? undefined : sector,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        },
        signal,
      ),
    [query, level, sector, page, lang],
  );

  const columns: TableColumnsType<ProcedureSummary> = [
    { title: t('colCode'), dataIndex: 'code', key: 'code', width: 110 },
    {
      title: t('colName'),
      key: 'name',
      render: (_, p) => (
        <Space orientation="vertical" size={2}>
          <Link to={procedurePath(p.code)}>{p.name}</Link>
          {p.hasUnconfirmed ? (
            <Flag kind="unconfirmed" title={t('unconfirmedHint')}>
              {t('unconfirmed')}
            </Flag>
          ) : null}
        </Space>
      ),
    },
    { title: t('colLevel'), dataIndex: 'levelLabel', key: 'level', width: 120 },
    { title: t('colSector'), key: 'sector', width: 200, render: (_, p) => p.sector.name },
    {
      title: t('colDeadline'),
      key: 'deadline',
      width: 170,
      render: (_, p) => p.shortestDeadline?.label ?? '',
    },
    { title: t('colOnline'), dataIndex: 'onlineLevelLabel', key: 'online', width: 220 },
  ];

  return (
    <>
      <div className="cqdt-page-heading">
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('listTitle')}
        </Typography.Title>
        {hasRole('admin') ? (
          <Space wrap>
            <Button icon={<DownloadOutlined aria-hidden />} href={EXPORT_URL} download>
              {t('exportButton')}
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} href={EXPORT_XLSX_URL} download>
              {t('exportXlsxButton')}
            </Button>
            <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
              {t('importButton')}
            </Button>
          </Space>
        ) : null}
      </div>
      <Typography.Paragraph>{t('listIntro')}</Typography.Paragraph>
      <div className="cqdt-filter-bar">
        <Space wrap>
          <label htmlFor="procedures-q">{t('searchLabel')}</label>
          <Input.Search
            id="procedures-q"
            style={{ width: 320, maxWidth: '100%' }}
            placeholder={t('searchPlaceholder')}
            value={typed}
            maxLength={200}
            allowClear
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(value) => {
              setQuery(value.trim());
              setPage(1);
            }}
          />
        </Space>
        <Space wrap>
          <label htmlFor="procedures-level">{t('levelLabel')}</label>
          <Select
            id="procedures-level"
            style={{ width: 160 }}
            value={level}
            onChange={(v) => {
              setLevel(v);
              setPage(1);
            }}
            options={[
              { value: ALL, label: t('levelAll') },
              ...LEVELS.map((l) => ({ value: l, label: t(`level_${l}`) })),
            ]}
          />
        </Space>
        <Space wrap>
          <label htmlFor="procedures-sector">{t('sectorLabel')}</label>
          <Select
            id="procedures-sector"
            style={{ width: 260, maxWidth: '100%' }}
            value={sector}
            onChange={(v) => {
              setSector(v);
              setPage(1);
            }}
            options={[
              { value: ALL, label: t('sectorAll') },
              ...(list.data?.sectors ?? [])
                .filter((s) => s.code !== '')
                .map((s) => ({
                  value: s.code,
                  label: t('sectorOption', { name: s.name, count: s.count }),
                })),
            ]}
          />
        </Space>
      </div>
      {list.error ? <ErrorAlert error={list.error} title={t('listLoadFailed')} /> : null}
      {list.data ? (
        <Typography.Paragraph type="secondary" aria-live="polite">
          {t('total', { count: list.data.total })}
        </Typography.Paragraph>
      ) : null}
      <Table
        aria-label={t('tableLabel')}
        rowKey="code"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{ emptyText: <EmptyState text={t('listEmpty')} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
      />
      {importing ? (
        <ImportModal
          onClose={(changed) => {
            setImporting(false);
            if (changed) {
              list.reload();
            }
          }}
        />
      ) : null}
    </>
  );
}
