// Đối chiếu phí, lệ phí (/mot-cua/doi-chieu-phi, issue 13 item 4): the desk checks a bank
// statement against the fees due (a dry run), then records the lines that match a dossier by its
// code and amount; every other line is listed with its reason and changes nothing.
import { Alert, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { useAuth } from '../../shared/auth/use-auth';
import { commonMessages } from '../../shared/i18n/common-messages';
import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { useAsync } from '../../shared/lib/use-async';
import { useDocumentTitle } from '../../shared/lib/use-document-title';
import { ErrorAlert } from '../../shared/ui/error-alert';
import { Flag, type FlagKind } from '../../shared/ui/flag';
import {
  getPaymentAccount,
  type MatchOutcome,
  reconcileStatement,
  type ReconciliationReport,
  type ReconciliationRow,
} from './fees-api';
import { feesMessages } from './fees-i18n';
import { dossierPath } from './paths';

const number = new Intl.NumberFormat('vi-VN');

const OUTCOME_FLAGS: Record<MatchOutcome, FlagKind> = {
  matched: 'ok',
  amount_differs: 'unconfirmed',
  unmatched: 'neutral',
  duplicate_reference: 'info',
  duplicate_dossier: 'info',
};

export default function FeesPage() {
  const t = useTranslate(feesMessages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const { user } = useAuth();
  useDocumentTitle(t('title'), tc('appName'));
  const agencyId = Number(user?.agencyId ?? 0);
  const account = useAsync(
    (signal) => (agencyId ? getPaymentAccount(agencyId, signal) : Promise.resolve(null)),
    [agencyId, lang],
  );
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ReconciliationReport | null>(null);
  const [error, setError] = useState<unknown>();

  const run = async (dryRun: boolean) => {
    if (!file || !agencyId) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setReport(await reconcileStatement(agencyId, file, dryRun));
    } catch (reason) {
      setReport(null);
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const amount = (n: number) => t('amount', { amount: number.format(n) });
  const columns: TableColumnsType<ReconciliationRow> = [
    { title: t('colRow'), dataIndex: 'row', key: 'row', width: 70 },
    { title: t('colDate'), dataIndex: 'date', key: 'date', width: 110 },
    { title: t('colReference'), dataIndex: 'reference', key: 'reference', width: 140 },
    {
      title: t('colAmount'),
      key: 'amount',
      width: 120,
      align: 'right',
      render: (_, r) => amount(r.amount),
    },
    { title: t('colDescription'), dataIndex: 'description', key: 'description' },
    {
      title: t('colOutcome'),
      key: 'outcome',
      width: 220,
      render: (_, r) => <Flag kind={OUTCOME_FLAGS[r.outcome]}>{r.outcomeLabel}</Flag>,
    },
    {
      title: t('colDossier'),
      key: 'dossier',
      width: 230,
      render: (_, r) =>
        r.dossierCode ? <Link to={dossierPath(r.dossierCode)}>{r.dossierCode}</Link> : '',
    },
    {
      title: t('colExpected'),
      key: 'expected',
      width: 120,
      align: 'right',
      render: (_, r) => (r.dossierCode ? amount(r.expected) : ''),
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph>{t('intro')}</Typography.Paragraph>
      <Card
        style={{ marginBottom: 16 }}
        title={<h2 className="cqdt-card-title">{t('accountTitle')}</h2>}
      >
        {account.data ? (
          <Descriptions column={{ xs: 1, md: 3 }} size="small">
            <Descriptions.Item label={t('bank')}>{account.data.bankName}</Descriptions.Item>
            <Descriptions.Item label={t('account')}>{account.data.account}</Descriptions.Item>
            <Descriptions.Item label={t('accountName')}>
              {account.data.accountName}
            </Descriptions.Item>
          </Descriptions>
        ) : account.loading ? null : (
          <Alert type="warning" showIcon title={t('noAccount')} />
        )}
      </Card>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <label htmlFor="fees-statement">{t('fileLabel')}</label>
        <input
          id="fees-statement"
          type="file"
          accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setReport(null);
            setError(undefined);
          }}
        />
        <Space wrap>
          <Button disabled={!file} loading={busy} onClick={() => void run(true)}>
            {t('check')}
          </Button>
          <Button
            type="primary"
            disabled={!file || !report?.dryRun || report.matched === 0}
            loading={busy}
            onClick={() => void run(false)}
          >
            {t('apply')}
          </Button>
        </Space>
        {error ? <ErrorAlert error={error} /> : null}
        {report ? (
          <Alert
            role="status"
            type={report.dryRun || report.applied ? 'success' : 'info'}
            showIcon
            title={
              report.dryRun ? t('checked') : report.applied ? t('applied') : t('nothingApplied')
            }
            description={t('summary', {
              matched: report.matched,
              differs: report.amountDiffers,
              unmatched: report.unmatched,
              duplicates: report.duplicates,
            })}
          />
        ) : null}
        {report && report.rows.length > 0 ? (
          <Table
            aria-label={t('tableLabel')}
            rowKey="row"
            size="small"
            columns={columns}
            dataSource={report.rows}
            pagination={false}
            scroll={{ x: 1100 }}
          />
        ) : null}
      </Space>
    </>
  );
}
