// The tables of the Decision 766 staff analysis: points lost by indicator, the procedures that
// cost points (most first) with the indicators each falls short of, and the dossiers that cost
// points with their reasons, each linking to the dossier's staff page.
import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';

import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { formatVnTime } from '../../shared/lib/vn-time';
import { EmptyState } from '../../shared/ui/empty-state';
import { Flag } from '../../shared/ui/flag';
import type { CostlyDossier, IndicatorLoss, ProcedureLoss } from './index766-analysis-api';
import { index766AnalysisMessages } from './index766-analysis-i18n';
import { localName, useIndex766Format } from './index766-format';

/** The one-stop desk's dossier page (the onestop feature's `dossierPath`, composed by address). */
export function staffDossierPath(code: string): string {
  return `/mot-cua/ho-so/${encodeURIComponent(code)}`;
}

/** Losses: small ones (a dossier's share) keep 4 decimals, as the server sends them. */
function useLossFormat() {
  const { lang } = useLanguage();
  return useMemo(() => {
    const format = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      maximumFractionDigits: 4,
    });
    return (value: number) => format.format(value);
  }, [lang]);
}

/** Indicator code -> its name in the reader's language. */
export function useIndicatorNames(indicators: IndicatorLoss[] | undefined) {
  const { lang } = useLanguage();
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const i of indicators ?? []) {
      names.set(i.code, localName(i, lang));
    }
    return names;
  }, [indicators, lang]);
}

export function IndicatorsTable({ indicators }: { indicators: IndicatorLoss[] }) {
  const t = useTranslate(index766AnalysisMessages);
  const f = useIndex766Format();
  const lost = useLossFormat();
  const { lang } = useLanguage();
  const columns: TableColumnsType<IndicatorLoss> = [
    {
      title: t('colIndicator'),
      key: 'name',
      render: (_, i) => (
        <>
          {localName(i, lang)}{' '}
          <Typography.Text type="secondary">({t(`level_${i.level}`)})</Typography.Text>
        </>
      ),
    },
    {
      title: t('colFraction'),
      key: 'fraction',
      width: 110,
      render: (_, i) => `${f.count(i.numerator)}/${f.count(i.denominator)}`,
    },
    {
      title: t('colScore'),
      key: 'score',
      width: 100,
      render: (_, i) => `${f.score(i.score)}/${f.score(i.max)}`,
    },
    { title: t('colLost'), key: 'lost', width: 100, render: (_, i) => lost(i.lost) },
    {
      title: t('colPerItem'),
      key: 'perItem',
      width: 140,
      render: (_, i) => (i.shortfall > 0 ? lost(i.perItem) : '–'),
    },
  ];
  return (
    <Table
      aria-label={t('indicatorsTable')}
      rowKey="code"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={indicators.filter((i) => i.status !== 'external')}
      scroll={{ x: 720 }}
    />
  );
}

export function ProceduresTable({
  procedures,
  names,
  loading,
}: {
  procedures: ProcedureLoss[];
  names: Map<string, string>;
  loading: boolean;
}) {
  const t = useTranslate(index766AnalysisMessages);
  const f = useIndex766Format();
  const lost = useLossFormat();
  const columns: TableColumnsType<ProcedureLoss> = [
    {
      title: t('colProcedure'),
      key: 'name',
      width: 280,
      render: (_, p) => (
        <>
          {p.name} <Typography.Text type="secondary">({p.code})</Typography.Text>
          {p.reasons.length > 0 ? (
            <div className="cqdt-analysis-reasons">
              {p.reasons.map((r) => (
                <Flag key={r.code} kind="late">
                  {r.label}
                </Flag>
              ))}
            </div>
          ) : null}
        </>
      ),
    },
    { title: t('colLost'), key: 'lost', width: 100, render: (_, p) => lost(p.lost) },
    {
      title: t('colWhere'),
      key: 'where',
      width: 380,
      render: (_, p) => {
        const short = p.indicators.filter((i) => i.lost > 0);
        return short.length > 0 ? (
          <ul className="cqdt-analysis-list">
            {short.map((i) => (
              <li key={i.code}>
                {t('indicatorShortfall', {
                  name: names.get(i.code) ?? i.code,
                  numerator: f.count(i.numerator),
                  denominator: f.count(i.denominator),
                  lost: lost(i.lost),
                })}
              </li>
            ))}
          </ul>
        ) : (
          '–'
        );
      },
    },
  ];
  return (
    <Table
      aria-label={t('proceduresTable')}
      rowKey="code"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={procedures.filter((p) => p.lost > 0)}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: <EmptyState text={t('noProcedures')} /> }}
      scroll={{ x: 760 }}
    />
  );
}

export function DossiersTable({
  items,
  names,
  loading,
  page,
  pageSize,
  total,
  onPage,
}: {
  items: CostlyDossier[];
  names: Map<string, string>;
  loading: boolean;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const t = useTranslate(index766AnalysisMessages);
  const lost = useLossFormat();
  const columns: TableColumnsType<CostlyDossier> = [
    {
      title: t('colDossier'),
      key: 'code',
      width: 190,
      render: (_, d) => (
        <Link
          to={staffDossierPath(d.code)}
          className="cqdt-analysis-link"
          aria-label={t('dossierLink', { code: d.code })}
        >
          {d.code}
        </Link>
      ),
    },
    { title: t('colProcedure'), dataIndex: 'procedureName', key: 'procedure', width: 220 },
    {
      title: t('colReceived'),
      key: 'received',
      width: 150,
      render: (_, d) => formatVnTime(d.receivedAt).slice(0, 16),
    },
    {
      title: t('colDue'),
      key: 'due',
      width: 150,
      render: (_, d) => formatVnTime(d.dueAt).slice(0, 16),
    },
    { title: t('colLost'), key: 'lost', width: 90, render: (_, d) => lost(d.lost) },
    {
      title: t('colReasons'),
      key: 'reasons',
      width: 300,
      render: (_, d) => (
        <ul className="cqdt-analysis-list" data-testid="analysis-reasons">
          {d.reasons.map((r) => (
            <li key={`${r.indicator}-${r.code}`}>
              <Flag kind="late">{r.label}</Flag>{' '}
              <Typography.Text type="secondary">
                {names.get(r.indicator) ?? r.indicator}
              </Typography.Text>
            </li>
          ))}
        </ul>
      ),
    },
  ];
  return (
    <Table
      aria-label={t('dossiersTable')}
      rowKey="code"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={items}
      locale={{ emptyText: <EmptyState text={t('noDossiers')} /> }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: false,
        hideOnSinglePage: true,
        onChange: onPage,
      }}
      scroll={{ x: 1100 }}
    />
  );
}
