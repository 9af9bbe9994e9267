// One unit's (or the whole province's) Decision 766 score: its total, a chart of its groups against
// their maxima, and per group a card with each indicator's numerator/denominator, ratio and score.
// Indicators the province cannot compute say why (chi-so-766.md §4, §6).
import { Typography } from 'antd';
import type { Ref } from 'react';

import { useLanguage } from '../../shared/i18n/use-language';
import { useTranslate } from '../../shared/i18n/use-translate';
import { Flag, type FlagKind } from '../../shared/ui/flag';
import type { Index766Group, Index766Indicator, Index766Unit } from './index766-api';
import { GroupsChart } from './index766-charts';
import { localName, useIndex766Format } from './index766-format';
import { index766Messages } from './index766-i18n';
import { ScoreText } from './index766-ranking';

const STATUS_FLAGS: Record<Exclude<Index766Indicator['status'], 'scored'>, FlagKind> = {
  external: 'info',
  no_data: 'neutral',
  not_applicable: 'ok',
};

export function UnitDetail({
  unit,
  title,
  sectionRef,
}: {
  unit: Index766Unit;
  /** The section's heading: the unit's name, or "Toàn tỉnh". */
  title: string;
  /** Receives focus when a person chose the unit in the table. */
  sectionRef: Ref<HTMLElement>;
}) {
  const t = useTranslate(index766Messages);
  const f = useIndex766Format();
  return (
    <section
      ref={sectionRef}
      tabIndex={-1}
      aria-labelledby="index766-detail"
      className="cqdt-portal-section cqdt-index766-detail"
      data-testid="index766-detail"
    >
      <Typography.Title level={2} id="index766-detail" style={{ fontSize: 20 }}>
        {t('detailTitle', { name: title })}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16 }}>
        {t('detailTotal', { score: f.score(unit.score), max: f.score(unit.maxScore) })}
      </Typography.Paragraph>
      <GroupsChart unit={unit} />
      <div className="cqdt-index766-groups">
        {unit.groups.map((group) => (
          <GroupCard key={group.code} group={group} />
        ))}
      </div>
    </section>
  );
}

function GroupCard({ group }: { group: Index766Group }) {
  const t = useTranslate(index766Messages);
  const { lang } = useLanguage();
  const f = useIndex766Format();
  const headingId = `index766-group-${group.code}`;
  return (
    <section aria-labelledby={headingId} className="cqdt-index766-group">
      <Typography.Title level={3} id={headingId} style={{ fontSize: 16, margin: 0 }}>
        {localName(group, lang)}
      </Typography.Title>
      <p className="cqdt-index766-group__score">
        {group.score === null ? (
          <ScoreText value={null} max={group.max} />
        ) : (
          t('groupScore', { score: f.score(group.score), max: f.score(group.max) })
        )}
      </p>
      <ul className="cqdt-index766-indicators">
        {group.indicators.map((indicator) => (
          <IndicatorItem key={indicator.code} indicator={indicator} />
        ))}
      </ul>
    </section>
  );
}

function IndicatorItem({ indicator: i }: { indicator: Index766Indicator }) {
  const t = useTranslate(index766Messages);
  const { lang } = useLanguage();
  const f = useIndex766Format();
  // A province-only indicator of a commune is awarded its maximum (chi-so-766.md §4).
  const score = i.score ?? (i.status === 'not_applicable' ? i.max : null);
  // External indicators have no local figures; "no data" has nothing counted (0/0).
  const counted = i.status === 'scored' || (i.status === 'no_data' && !!i.denominator);
  return (
    <li className="cqdt-index766-indicator">
      <div className="cqdt-index766-indicator__name">{localName(i, lang)}</div>
      {i.status === 'scored' ? null : (
        <div className="cqdt-index766-indicator__status">
          <Flag kind={STATUS_FLAGS[i.status]}>{t(`status_${i.status}`)}</Flag>
        </div>
      )}
      <dl className="cqdt-index766-indicator__figures">
        {counted ? (
          <>
            <div>
              <dt>{t('numerator')}:</dt>
              <dd>
                {f.count(i.numerator)}/{f.count(i.denominator)}
              </dd>
            </div>
            {i.ratio === null ? null : (
              <div>
                <dt>{t('ratio')}:</dt>
                <dd>{f.percent(i.ratio)}</dd>
              </div>
            )}
          </>
        ) : null}
        <div>
          <dt>{t('score')}:</dt>
          <dd>{i.max === 0 ? t('trackedOnly') : <ScoreText value={score} max={i.max} />}</dd>
        </div>
      </dl>
    </li>
  );
}
