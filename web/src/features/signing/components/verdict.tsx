import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  ExclamationCircleOutlined,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

import type { Indication } from '../api/types';
import type { SigningTranslate } from '../i18n';

export const VERDICTS: Record<
  Indication,
  {
    alert: 'success' | 'warning' | 'error';
    className: string;
    label: 'verdictPassed' | 'verdictIndeterminate' | 'verdictFailed';
    icon: ReactNode;
  }
> = {
  TOTAL_PASSED: {
    alert: 'success',
    className: 'cqdt-verdict-tag--passed',
    label: 'verdictPassed',
    icon: <CheckCircleOutlined aria-hidden />,
  },
  INDETERMINATE: {
    alert: 'warning',
    className: 'cqdt-verdict-tag--indeterminate',
    label: 'verdictIndeterminate',
    icon: <QuestionCircleOutlined aria-hidden />,
  },
  TOTAL_FAILED: {
    alert: 'error',
    className: 'cqdt-verdict-tag--failed',
    label: 'verdictFailed',
    icon: <CloseCircleOutlined aria-hidden />,
  },
};

/** The verdict as words with an icon; colour only repeats what the words say. */
export function VerdictTag({ indication, t }: { indication: Indication; t: SigningTranslate }) {
  const verdict = VERDICTS[indication] ?? VERDICTS.INDETERMINATE;
  return (
    <span className={`cqdt-verdict-tag ${verdict.className}`} data-indication={indication}>
      {verdict.icon}
      {t(verdict.label)}
    </span>
  );
}

/** A yes/no fact with an icon and the word; `good` says which answer is the expected one. */
export function Check({
  value,
  good = true,
  t,
  text,
}: {
  value: boolean;
  good?: boolean;
  t: SigningTranslate;
  text?: string;
}) {
  const ok = value === good;
  return (
    <span className={`cqdt-check ${ok ? 'cqdt-check--ok' : 'cqdt-check--bad'}`}>
      {ok ? <CheckCircleOutlined aria-hidden /> : <ExclamationCircleOutlined aria-hidden />}
      {text ?? (value ? t('yes') : t('no'))}
    </span>
  );
}
