// "Chỉ số phục vụ" on the portal (/portal/chi-so-766): the Decision 766 service-quality index as
// this province estimates it (chi-so-766.md §6) — the whole province's score, the units ranked,
// and one unit's groups and indicators. Public, no account. The period (?ky=2026-Q4, 2026-11 or
// 2026; the current quarter in Vietnam time by default) and the unit shown (?don-vi=<agency id>,
// or "tinh" for the whole province) live in the address, so that a view can be shared.
import { Alert, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';

import { commonMessages } from '../../../shared/i18n/common-messages';
import { useLanguage } from '../../../shared/i18n/use-language';
import { useTranslate } from '../../../shared/i18n/use-translate';
import { useAsync } from '../../../shared/lib/use-async';
import { useDocumentTitle } from '../../../shared/lib/use-document-title';
import { formatVnTime, toVnIso } from '../../../shared/lib/vn-time';
import { RequestState } from '../../../shared/ui/request-state';
import { getIndex766, type Index766, type Index766Unit } from '../index766-api';
import { UnitsChart } from '../index766-charts';
import { useIndex766Format } from '../index766-format';
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
import { RankingTable } from '../index766-ranking';
import { UnitDetail } from '../index766-unit-detail';
import '../portal.css';

const PERIOD_PARAM = 'ky';
const UNIT_PARAM = 'don-vi';
/** ?don-vi= value for the whole province. */
const PROVINCE = 'tinh';

/** The unit ?don-vi= names in this answer: the province, a ranked unit, or none (undefined). */
function chosenUnit(data: Index766 | undefined, value: string | null): Index766Unit | undefined {
  if (!data || !value) {
    return undefined;
  }
  if (value === PROVINCE) {
    return data.province;
  }
  const id = Number(value);
  return data.units.find((u) => u.agencyId === id);
}

export default function PortalIndex766Page() {
  const t = useTranslate(index766Messages);
  const tc = useTranslate(commonMessages);
  const { lang } = useLanguage();
  const f = useIndex766Format();
  useDocumentTitle(t('title'), tc('appName'));
  const [params, setParams] = useSearchParams();
  const today = vnToday();
  const periodValue = params.get(PERIOD_PARAM);
  const parsed = parsePeriod(periodValue);
  const period: Period = parsed ?? periodContaining('quarter', today);
  const range = periodRange(period);
  const unitValue = params.get(UNIT_PARAM);

  const index = useAsync((signal) => getIndex766(range, signal), [range.from, range.to, lang]);
  const data = index.error ? undefined : index.data;
  const unit = chosenUnit(data, unitValue);

  // Focus the details when a person chose a unit (not when the page opens on one).
  const detailRef = useRef<HTMLElement>(null);
  const focusDetail = useRef(false);
  const onChoose = () => {
    focusDetail.current = true;
  };
  useEffect(() => {
    if (focusDetail.current && detailRef.current) {
      focusDetail.current = false;
      detailRef.current.focus();
    }
  }, [unitValue, unit]);

  const setPeriod = (next: Period) => {
    const search = new URLSearchParams(params);
    search.set(PERIOD_PARAM, periodKey(next));
    setParams(search, { preventScrollReset: true });
  };
  const searchFor = (value: string) => {
    const search = new URLSearchParams(params);
    search.set(UNIT_PARAM, value);
    return `?${search.toString()}`;
  };
  const periodName = t(`period_${period.kind}`, { index: period.index, year: period.year });

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16 }}>{t('lead')}</Typography.Paragraph>

      <PeriodSection
        id="index766-period"
        className="cqdt-portal-section"
        testId="index766-period"
        period={period}
        today={today}
        onChange={setPeriod}
        badValue={periodValue && !parsed ? periodValue : null}
      />

      <RequestState
        error={index.error}
        loading={index.loading}
        hasData={!!data}
        title={t('loadFailed')}
      />

      {data ? (
        <>
          <section
            aria-labelledby="index766-province"
            className="cqdt-portal-section cqdt-index766-summary"
            aria-busy={index.loading}
          >
            <Typography.Title level={2} id="index766-province" style={{ fontSize: 18 }}>
              {t('provinceTitle')} – {periodName}
            </Typography.Title>
            <p className="cqdt-index766-total" data-testid="index766-province-score">
              {t('scoreOf', {
                score: f.score(data.province.score),
                max: f.score(data.province.maxScore),
              })}
            </p>
            {data.province.maxScore > 0 ? (
              <p>
                {t('scorePercent', {
                  percent: f.percent(data.province.score / data.province.maxScore),
                })}
              </p>
            ) : null}
            <Alert type="info" showIcon title={t('estimateNote')} />
            <ul className="cqdt-index766-facts">
              <li>{t('unitCount', { count: data.units.length })}</li>
              <li>
                {t('computedAt')}{' '}
                <time dateTime={toVnIso(data.computedAt)}>{formatVnTime(data.computedAt)}</time>{' '}
                {t('vnTime')}
              </li>
              <li>{t('rulesVersion', { version: data.rulesVersion })}</li>
            </ul>
            <Link
              to={{ search: searchFor(PROVINCE) }}
              preventScrollReset
              onClick={onChoose}
              className="cqdt-index766-province-link"
            >
              {t('provinceDetail')}
            </Link>
          </section>

          {data.units.length > 0 ? (
            <section aria-labelledby="index766-units-chart" className="cqdt-portal-section">
              <Typography.Title level={2} id="index766-units-chart" style={{ fontSize: 18 }}>
                {t('unitsChartTitle')}
              </Typography.Title>
              <UnitsChart units={data.units} />
            </section>
          ) : null}

          <section aria-labelledby="index766-ranking" className="cqdt-portal-section">
            <Typography.Title level={2} id="index766-ranking" style={{ fontSize: 18 }}>
              {t('rankingTitle')}
            </Typography.Title>
            <RankingTable
              units={data.units}
              groups={data.province.groups}
              selectedId={unit && unit !== data.province ? unit.agencyId : null}
              searchFor={(id) => searchFor(String(id))}
              onChoose={onChoose}
              loading={index.loading}
            />
          </section>

          {unit ? (
            <UnitDetail
              unit={unit}
              title={unit === data.province ? t('provinceTitle') : unit.agencyName}
              sectionRef={detailRef}
            />
          ) : unitValue && !index.loading ? (
            <Alert type="info" showIcon title={t('unknownUnit')} />
          ) : data.units.length > 0 ? (
            <Alert type="info" showIcon title={t('chooseUnit')} />
          ) : null}
        </>
      ) : null}
    </>
  );
}
