// The reception of documents (/van-ban/tiep-nhan): those agencies of this instance sent (the
// documents feature) and those from outside that came through the exchange (the exchange
// feature), one tab each (features may not import each other: they meet here).
import ReceptionListPage from '../../features/documents/reception/routes/reception-list-page';
import {
  ExchangeReceptionList,
  ExchangeReceptionsTabLabel,
} from '../../features/exchange/components/reception-list';

export default function DocumentsReceptionRoute() {
  return (
    <ReceptionListPage
      exchange={{ label: <ExchangeReceptionsTabLabel />, content: <ExchangeReceptionList /> }}
    />
  );
}
