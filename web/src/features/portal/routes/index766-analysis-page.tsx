// "Phân tích chỉ số 766" (/chi-so-766, staff; issue 13 item 9): which procedures and which
// dossiers cost a unit points in the Decision 766 index, and why. A leader or counter officer sees
// their own agency; an administrator chooses any ranked unit or the whole province. The period
// (?ky=, as on the public page; the current quarter in Vietnam time by default), the unit
// (?don-vi=<agency id> or "tinh") and the dossiers' indicator (?chi-so=) live in the address.
import { Alert, Select, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { useAuth } from '../../../shared/auth/use-auth';
import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime } from '../../../shared/lib/vn-time';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { RequestState } from '../../../shared/ui/request-state';
import { getIndex766 } from '../index766-api';
import {
  type AnalysisUnit,
  DOSSIER_INDICATORS,
  getDossierAnalysis,
  getProcedureAnalysis,
} from '../index766-analysis-api';
import { index766AnalysisMessages } from '../index766-analysis-i18n';
import {
  DossiersTable,
  IndicatorsTable,
  ProceduresTable,
  useIndicatorNames,
} from '../index766-analysis-tables';
import { localName, useIndex766Format } from '../index766-format';
import { index766Messages } from '../index766-i18n';
import {
  parsePeriod,
  type Period,
  periodContaining,
  periodKey,
  periodRange,
  vnToday,
} from '../index766-period';
import { PeriodSection } from '../index766-period-section';
import '../portal.css';
import '../index766-analysis.css';

const PERIOD_PARAM = 'ky';
const UNIT_PARAM = 'don-vi';
const INDICATOR_PARAM = 'chi-so';
const PROVINCE = 'tinh';
const PAGE_SIZE = 20;
/** The server lists dossiers from offset 0 to 10 000. */
const MAX_OFFSET = 10000;

export default function Index766AnalysisPage() {
  const t = useTranslate(index766AnalysisMessages);
  const ti = useTranslate(index766Messages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const f = useIndex766Format();
  const { hasRole } = useAuth();
  const admin = hasRole('admin');
  useDocumentTitle(t('title'), tc('appName'));
  const [params, setParams] = useSearchParams();
  const today = vnToday();
  const periodValue = params.get(PERIOD_PARAM);
  const parsed = parsePeriod(periodValue);
  const period: Period = parsed ?? periodContaining('quarter', today);
  const range = periodRange(period);
  const unitValue = admin ? (params.get(UNIT_PARAM) ?? '') : '';
  const unit: AnalysisUnit =
    unitValue === PROVINCE ? { province: true } : unitValue ? { agencyId: Number(unitValue) } : {};
  const indicator = params.get(INDICATOR_PARAM) ?? '';
  const [page, setPage] = useState(1);

  const set = (key: string, value: string) => {
    const search = new URLSearchParams(params);
    if (value) {
      search.set(key, value);
    } else {
      search.delete(key);
    }
    setParams(search, { preventScrollReset: true });
    setPage(1);
  };

  // The units an administrator may choose: those the index ranks in the period.
  const ranked = useAsync((signal) => getIndex766(range, signal), [range.from, range.to], admin);
  const analysis = useAsync(
    (signal) => getProcedureAnalysis(unit, range, signal),
    [unit, range.from, range.to, lang],
  );
  const dossiers = useAsync(
    (signal) =>
      getDossierAnalysis(
        unit,
        range,
        { indicator, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        signal,
      ),
    [unit, range.from, range.to, indicator, page, lang],
  );
  const data = analysis.error ? undefined : analysis.data;
  const names = useIndicatorNames(data?.indicators);
  const listed = dossiers.error ? undefined : dossiers.data;
  const shownTotal = Math.min(listed?.total ?? 0, MAX_OFFSET + PAGE_SIZE);
  const unattributed = data?.indicators.filter((i) => i.unattributed > 0) ?? [];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph>{t('lead')}</Typography.Paragraph>

      <PeriodSection
        id="analysis-period"
        className="cqdt-analysis-section"
        testId="analysis-period"
        period={period}
        today={today}
        onChange={(next) => set(PERIOD_PARAM, periodKey(next))}
        badValue={periodValue && !parsed ? periodValue : null}
      >
        {admin ? (
          <div className="cqdt-index766-field cqdt-analysis-unit">
            <label htmlFor="analysis-unit">{t('unitLabel')}</label>
            <Select<string>
              id="analysis-unit"
              showSearch
              optionFilterProp="label"
              value={unitValue}
              onChange={(value) => set(UNIT_PARAM, value)}
              options={[
                { value: '', label: t('ownUnit') },
                { value: PROVINCE, label: t('province') },
                ...(ranked.data?.units ?? []).map((u) => ({
                  value: String(u.agencyId),
                  label: u.agencyName,
                })),
              ]}
            />
          </div>
        ) : null}
      </PeriodSection>

      <RequestState
        error={analysis.error}
        loading={analysis.loading}
        hasData={!!data}
        title={t('loadFailed')}
      />

      {data ? (
        <>
          <section
            aria-labelledby="analysis-summary"
            className="cqdt-analysis-section cqdt-index766-summary"
            aria-busy={analysis.loading}
          >
            <Typography.Title level={2} id="analysis-summary" style={{ fontSize: 18 }}>
              {t('summaryTitle')}:{' '}
              {data.scope === 'province' ? t('province') : data.unit.agencyName}
            </Typography.Title>
            <p className="cqdt-index766-total" data-testid="analysis-score">
              {t('scoreOf', { score: f.score(data.unit.score), max: f.score(data.unit.maxScore) })}
            </p>
            <p data-testid="analysis-lost">{t('lostPoints', { lost: f.score(data.lost) })}</p>
            <Alert type="info" showIcon title={ti('estimateNote')} />
            <p>{t('computedAt', { time: formatVnTime(data.computedAt) })}</p>
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {t('unattributedTitle')}
            </Typography.Title>
            {unattributed.length > 0 ? (
              <ul className="cqdt-analysis-list">
                {unattributed.map((i) => (
                  <li key={i.code}>
                    {t('unattributed', { name: localName(i, lang), lost: f.score(i.unattributed) })}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('unattributedNone')}</p>
            )}
          </section>

          <section aria-labelledby="analysis-indicators" className="cqdt-analysis-section">
            <Typography.Title level={2} id="analysis-indicators" style={{ fontSize: 18 }}>
              {t('indicatorsTitle')}
            </Typography.Title>
            <IndicatorsTable indicators={data.indicators} />
          </section>

          <section aria-labelledby="analysis-procedures" className="cqdt-analysis-section">
            <Typography.Title level={2} id="analysis-procedures" style={{ fontSize: 18 }}>
              {t('proceduresTitle')}
            </Typography.Title>
            <Typography.Paragraph>{t('proceduresNote')}</Typography.Paragraph>
            <ProceduresTable
              procedures={data.procedures}
              names={names}
              loading={analysis.loading}
            />
          </section>
        </>
      ) : null}

      <section aria-labelledby="analysis-dossiers" className="cqdt-analysis-section">
        <Typography.Title level={2} id="analysis-dossiers" style={{ fontSize: 18 }}>
          {t('dossiersTitle')}
        </Typography.Title>
        <div className="cqdt-index766-field cqdt-analysis-filter">
          <label htmlFor="analysis-indicator">{t('indicatorFilter')}</label>
          <Select<string>
            id="analysis-indicator"
            value={indicator}
            onChange={(value) => set(INDICATOR_PARAM, value)}
            options={[
              { value: '', label: t('allIndicators') },
              ...DOSSIER_INDICATORS.map((code) => ({
                value: code,
                label: names.get(code) ?? code,
              })),
            ]}
          />
        </div>
        {dossiers.error ? <ErrorAlert error={dossiers.error} title={t('loadFailed')} /> : null}
        {listed ? (
          <Typography.Paragraph aria-live="polite" data-testid="analysis-total">
            {t('total', { total: f.count(listed.total) })}
          </Typography.Paragraph>
        ) : null}
        <Typography.Paragraph type="secondary">{t('zeroCost')}</Typography.Paragraph>
        <DossiersTable
          items={listed?.items ?? []}
          names={names}
          loading={dossiers.loading}
          page={page}
          pageSize={PAGE_SIZE}
          total={shownTotal}
          onPage={setPage}
        />
        {listed && listed.total > shownTotal ? (
          <Alert type="info" showIcon title={t('moreThanShown', { max: f.count(shownTotal) })} />
        ) : null}
      </section>
    </>
  );
}
