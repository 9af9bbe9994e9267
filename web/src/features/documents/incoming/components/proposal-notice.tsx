import { BulbOutlined, LoadingOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';

import { errorMessage } from '../../../../shared/api/error-message';
import { commonMessages } from '../../../../shared/i18n/common-messages';
import { useTranslate } from '../../../../shared/i18n/use-translate';
import type { ProposalStatus } from '../lib/use-file-proposal';
import { type PrefillTranslate, prefillMessages } from '../prefill-i18n';

/** The form fields a proposal may fill ("sender": the directory agency or the typed name). */
export type ProposedField = 'sender' | 'numberText' | 'issuedDate' | 'subject' | 'typeOrdinal';

export const PROPOSED_FIELDS: readonly ProposedField[] = [
  'numberText',
  'issuedDate',
  'sender',
  'subject',
  'typeOrdinal',
];

/** Under a field the proposal filled: where its value came from (words, not only colour). */
export function ProposedNote({ t }: { t: PrefillTranslate }) {
  return (
    <span className="cqdt-proposed-note" data-testid="proposed-note">
      <BulbOutlined aria-hidden /> {t('proposed')}
    </span>
  );
}

/**
 * The status line of the proposal under the uploaded files: reading, what was filled in (with
 * the undo), nothing found, or why not (a notice, never blocking: the clerk can always type).
 * Its container is a polite live region, so a screen reader hears each change.
 */
export function ProposalNotice({
  status,
  fileName,
  filled,
  undone,
  onUndo,
}: {
  status: ProposalStatus;
  fileName: string;
  /** The fields this proposal filled in, once applied; null before. */
  filled: readonly ProposedField[] | null;
  undone: boolean;
  onUndo: () => void;
}) {
  const t = useTranslate(prefillMessages);
  const tc = useTranslate(commonMessages);
  const name = `“${fileName}”`;
  let body: React.ReactNode = null;
  // Done but not yet applied (the sender is being looked up in the directory): still reading.
  const reading = status.phase === 'reading' || (status.phase === 'done' && !filled && !undone);
  if (reading) {
    body = (
      <div className="cqdt-proposal-status">
        <LoadingOutlined aria-hidden /> <span>{t('reading')}</span>{' '}
        <span className="cqdt-muted">{t('readingHint')}</span>
      </div>
    );
  } else if (status.phase === 'done') {
    const { proposal } = status;
    const found =
      proposal.numberText ||
      proposal.issuedDate ||
      proposal.senderName ||
      proposal.subject ||
      proposal.typeOrdinal > 0;
    const method = proposal.methodLabel ? ` ${t('method', { method: proposal.methodLabel })}` : '';
    if (undone) {
      body = <div className="cqdt-proposal-status">{t('undone')}</div>;
    } else if (filled && filled.length > 0) {
      body = (
        <div
          className="cqdt-proposal-status cqdt-proposal-status--filled"
          data-method={proposal.method}
        >
          <BulbOutlined aria-hidden className="cqdt-proposal-status__icon" />
          <div>
            <p className="cqdt-wrap-anywhere">
              {t('filled', {
                count: filled.length,
                name,
                fields: PROPOSED_FIELDS.filter((field) => filled.includes(field))
                  .map((field) => t(`field_${field}`))
                  .join(', '),
              })}
              {method}
            </p>
            <Button size="small" icon={<UndoOutlined aria-hidden />} onClick={onUndo}>
              {t('undo')}
            </Button>
          </div>
        </div>
      );
    } else if (filled) {
      body = (
        <div className="cqdt-proposal-status cqdt-wrap-anywhere">
          {found ? t('nothingToFill', { name }) : t('nothingFound', { name })}
          {method}
        </div>
      );
    }
  } else if (status.phase === 'failed') {
    const detail = status.proposal?.error || (status.error ? errorMessage(status.error, tc) : '');
    body = (
      <Alert
        type="warning"
        showIcon
        role="status"
        title={t('failedTitle', { name })}
        description={
          <span className="cqdt-wrap-anywhere">
            {detail ? `${detail} ` : ''}
            {t('failedHint')}
          </span>
        }
      />
    );
  } else if (status.phase === 'timeout') {
    body = <Alert type="info" showIcon role="status" title={t('timeout', { name })} />;
  }
  return (
    <div
      aria-live="polite"
      className="cqdt-proposal"
      data-testid="proposal-status"
      data-phase={status.phase}
    >
      {body}
    </div>
  );
}
