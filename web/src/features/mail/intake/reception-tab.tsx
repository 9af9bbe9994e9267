// The e-mail tab of the reception page (/van-ban/tiep-nhan?nguon=thu-dien-tu), for src/app to
// hand to the documents feature's page. Shown once the API has answered: while e-mail is off
// (503) there is no tab, and an address that asks for it (a bookmark) opens it with a quiet
// notice instead of a list; until the first answer the tab appears only when the address asks
// for it, so that the tabs do not flicker on an instance without e-mail.
import { Alert } from 'antd';
import { useSearchParams } from 'react-router';

import { useTranslate } from '../../../shared/i18n/use-translate';
import type { ReceptionSource } from '../../../shared/reception/types';
import { MailIntakeList, MailIntakeTabLabel } from './components/intake-list';
import { mailIntakeMessages } from './i18n';
import { MAIL_SOURCE, SOURCE_PARAM } from './paths';
import { useMailIntakeWaiting } from './use-waiting';

export type MailReceptionSource = ReceptionSource;

function MailOffNotice() {
  const t = useTranslate(mailIntakeMessages);
  return (
    <Alert
      type="info"
      showIcon
      title={t('offTitle')}
      description={t('offText')}
      data-testid="mail-intake-off"
    />
  );
}

export function useMailReceptionSource(): MailReceptionSource | null {
  const [params] = useSearchParams();
  const asked = params.get(SOURCE_PARAM) === MAIL_SOURCE;
  const probe = useMailIntakeWaiting();
  if (probe.state === 'off') {
    return asked
      ? { key: MAIL_SOURCE, label: <MailIntakeTabLabel />, content: <MailOffNotice /> }
      : null;
  }
  if (probe.state === 'unknown' && !asked) {
    return null;
  }
  return {
    key: MAIL_SOURCE,
    label: <MailIntakeTabLabel waiting={probe.waiting} />,
    content: <MailIntakeList />,
  };
}
