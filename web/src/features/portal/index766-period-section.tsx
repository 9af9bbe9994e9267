// The period section of the Decision 766 pages (the public index and the staff analysis): the
// picker, the period's name and dates read out when they change, and a warning when the address's
// ?ky= is not a period. `children` (the analysis's unit chooser) follows the picker.
import { Alert, Typography } from 'antd';
import type { ReactNode } from 'react';

import { useTranslate } from '../../shared/i18n/use-translate';
import { useIndex766Format } from './index766-format';
import { index766Messages } from './index766-i18n';
import { type Period, periodRange } from './index766-period';
import { PeriodPicker } from './index766-period-picker';

export function PeriodSection({
  id,
  className,
  testId,
  period,
  today,
  onChange,
  badValue,
  children,
}: {
  /** The section title's id (the section is labelled by it). */
  id: string;
  className: string;
  /** The period line's data-testid. */
  testId: string;
  period: Period;
  /** Vietnam's date, YYYY-MM-DD. */
  today: string;
  onChange: (period: Period) => void;
  /** The address's ?ky= when it names no period (null otherwise). */
  badValue: string | null;
  children?: ReactNode;
}) {
  const t = useTranslate(index766Messages);
  const f = useIndex766Format();
  const range = periodRange(period);
  return (
    <section aria-labelledby={id} className={className}>
      <Typography.Title level={2} id={id} style={{ fontSize: 18 }}>
        {t('periodTitle')}
      </Typography.Title>
      <PeriodPicker period={period} today={today} onChange={onChange} />
      {children}
      <Typography.Paragraph strong aria-live="polite" data-testid={testId}>
        {t(`period_${period.kind}`, { index: period.index, year: period.year })}:{' '}
        {t('periodDates', { from: f.date(range.from), to: f.date(range.to) })}
      </Typography.Paragraph>
      {badValue ? (
        <Alert type="warning" showIcon title={t('badPeriod', { value: badValue })} />
      ) : null}
    </section>
  );
}
