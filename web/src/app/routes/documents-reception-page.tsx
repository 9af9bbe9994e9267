// The reception of documents (/van-ban/tiep-nhan): those agencies of this instance sent (the
// documents feature), those from outside that came through the exchange (the exchange feature)
// and those the agency's official mailbox received (the mail feature; its tab only once the
// server says e-mail is on), one tab each (features may not import each other: they meet here).
import ReceptionListPage, {
  type ReceptionSource,
} from '../../features/documents/reception/routes/reception-list-page';
import {
  ExchangeReceptionList,
  ExchangeReceptionsTabLabel,
} from '../../features/exchange/components/reception-list';
import { useMailReceptionSource } from '../../features/mail/intake/reception-tab';

/** The exchange's tab, opened by ?nguon=lien-thong (the exchange's paths link there). */
const EXCHANGE: ReceptionSource = {
  key: 'lien-thong',
  label: <ExchangeReceptionsTabLabel />,
  content: <ExchangeReceptionList />,
};

export default function DocumentsReceptionRoute() {
  const mail = useMailReceptionSource();
  return <ReceptionListPage sources={mail ? [EXCHANGE, mail] : [EXCHANGE]} />;
}
