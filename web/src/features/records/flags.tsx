import type { RecordState } from './api';
import type { RecordsTranslate } from './i18n';
import './records.css';

/** A record's state in words (the server's label, or ours), coloured by state. */
export function StateFlag({
  state,
  label,
  t,
}: {
  state: RecordState;
  label?: string;
  t: RecordsTranslate;
}) {
  return (
    <span className={`cqdt-record-flag cqdt-record-flag--${state}`} data-record-state={state}>
      {label || t(`state_${state}`)}
    </span>
  );
}

/** "Đến hạn thẩm định": a closed record whose retention has passed. */
export function AppraisalDueFlag({ t }: { t: RecordsTranslate }) {
  return (
    <span className="cqdt-record-flag cqdt-record-flag--due" data-appraisal-due>
      {t('appraisalDue')}
    </span>
  );
}
