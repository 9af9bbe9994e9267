// The period of the Decision 766 page: by quarter (buttons), month or year, in a chosen year. Only
// periods that have started can be chosen; the choice goes into the address (the page's ?ky=).
import { Button, Segmented, Select, Typography } from 'antd';

import { useTranslate } from '../../shared/i18n/use-translate';
import { index766Messages } from './index766-i18n';
import {
  isFuture,
  offeredYears,
  type Period,
  PERIOD_KINDS,
  type PeriodKind,
  switchKind,
  withYear,
} from './index766-period';

const QUARTERS = [1, 2, 3, 4];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

export function PeriodPicker({
  period,
  today,
  onChange,
}: {
  period: Period;
  /** Vietnam's date, YYYY-MM-DD. */
  today: string;
  onChange: (period: Period) => void;
}) {
  const t = useTranslate(index766Messages);
  return (
    <div className="cqdt-index766-picker">
      <div className="cqdt-index766-field">
        <Typography.Text id="index766-kind-label">{t('periodKind')}</Typography.Text>
        <Segmented<PeriodKind>
          aria-labelledby="index766-kind-label"
          value={period.kind}
          onChange={(kind) => onChange(switchKind(period, kind, today))}
          options={PERIOD_KINDS.map((kind) => ({ value: kind, label: t(`kind_${kind}`) }))}
        />
      </div>
      <div className="cqdt-index766-field">
        <label htmlFor="index766-year">{t('yearLabel')}</label>
        <Select<number>
          id="index766-year"
          style={{ width: 120 }}
          value={period.year}
          onChange={(year) => onChange(withYear(period, year, today))}
          options={offeredYears(today, period.year).map((year) => ({
            value: year,
            label: String(year),
          }))}
        />
      </div>
      {period.kind === 'quarter' ? (
        <div className="cqdt-index766-field">
          <Typography.Text id="index766-quarters-label">{t('quartersLabel')}</Typography.Text>
          <div
            role="group"
            aria-labelledby="index766-quarters-label"
            className="cqdt-index766-quarters"
          >
            {QUARTERS.map((quarter) => {
              const choice: Period = { kind: 'quarter', year: period.year, index: quarter };
              const chosen = period.index === quarter;
              return (
                <Button
                  key={quarter}
                  aria-pressed={chosen}
                  type={chosen ? 'primary' : 'default'}
                  disabled={!chosen && isFuture(choice, today)}
                  onClick={() => onChange(choice)}
                >
                  {t('quarterButton', { quarter, year: period.year })}
                </Button>
              );
            })}
          </div>
        </div>
      ) : null}
      {period.kind === 'month' ? (
        <div className="cqdt-index766-field">
          <label htmlFor="index766-month">{t('monthLabel')}</label>
          <Select<number>
            id="index766-month"
            style={{ width: 140 }}
            value={period.index}
            onChange={(month) => onChange({ kind: 'month', year: period.year, index: month })}
            options={MONTHS.map((month) => ({
              value: month,
              label: t('monthOption', { month }),
              disabled:
                month !== period.index &&
                isFuture({ kind: 'month', year: period.year, index: month }, today),
            }))}
          />
        </div>
      ) : null}
    </div>
  );
}
