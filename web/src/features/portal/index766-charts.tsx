// The two charts of the Decision 766 page: every unit's total score, and one unit's score in each
// group against the group's maximum. ECharts comes with the chart's own chunk, once there is
// something to draw; each chart carries a spoken summary and the page's tables have every figure.
import { Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';

import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { usePrefersReducedMotion } from '../../shared/lib/use-prefers-reduced-motion';
import type { ScoreBar } from '../../shared/ui/score-bar-chart';
import type { Index766Unit } from './index766-api';
import { localName, useIndex766Format } from './index766-format';
import { index766Messages } from './index766-i18n';

const ScoreBarChart = lazy(() => import('../../shared/ui/score-bar-chart'));

/** "Ủy ban nhân dân phường X" -> "UBND phường X": the chart's names are short (the usual
 * abbreviation); the table and the summary keep the full name. */
const shortName = (name: string) =>
  name.normalize('NFC').replace(/^(Ủy|Uỷ) ban nhân dân\s+/iu, 'UBND ');

function ChartLoading() {
  const t = useTranslate(index766Messages);
  return <Typography.Paragraph type="secondary">{t('chartsLoading')}</Typography.Paragraph>;
}

/** Every ranked unit's total score against its own maximum, best first. */
export function UnitsChart({ units }: { units: Index766Unit[] }) {
  const t = useTranslate(index766Messages);
  const f = useIndex766Format();
  const reduced = usePrefersReducedMotion();
  const bars: ScoreBar[] = useMemo(
    () =>
      units.map((u) => ({
        label: shortName(u.agencyName),
        value: u.score,
        max: u.maxScore,
        text: `${f.score(u.score)}/${f.score(u.maxScore)}`,
      })),
    [units, f],
  );
  const best = units[0];
  const worst = units[units.length - 1];
  if (!best || !worst) {
    return null;
  }
  return (
    <Suspense fallback={<ChartLoading />}>
      <ScoreBarChart
        bars={bars}
        scoreName={t('chartScore')}
        maxName={t('chartMax')}
        animate={!reduced}
        testId="index766-units-chart"
        label={t('unitsChartLabel', {
          count: units.length,
          best: best.agencyName,
          bestScore: f.score(best.score),
          worst: worst.agencyName,
          worstScore: f.score(worst.score),
        })}
      />
    </Suspense>
  );
}

/** One unit's (or the province's) score in each group against the group's maximum. */
export function GroupsChart({ unit }: { unit: Index766Unit }) {
  const t = useTranslate(index766Messages);
  const { lang } = useLanguage();
  const f = useIndex766Format();
  const reduced = usePrefersReducedMotion();
  const bars: ScoreBar[] = useMemo(
    () =>
      unit.groups.map((g) => ({
        label: localName(g, lang),
        value: g.score,
        max: g.max,
        text: `${f.score(g.score)}/${f.score(g.max)}`,
      })),
    [unit, lang, f],
  );
  return (
    <Suspense fallback={<ChartLoading />}>
      <ScoreBarChart
        bars={bars}
        scoreName={t('chartScore')}
        maxName={t('chartMax')}
        animate={!reduced}
        testId="index766-groups-chart"
        label={t('groupsChartLabel', {
          unit: unit.agencyName,
          groups: bars.map((b) => `${b.label} ${b.text}`).join('; '),
        })}
      />
    </Suspense>
  );
}
