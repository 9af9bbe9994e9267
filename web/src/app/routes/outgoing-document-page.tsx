// One outgoing document, with its packages on the exchange under its deliveries (issue 14;
// features may not import each other: they meet here).
import OutgoingDocumentPage from '../../features/documents/outgoing/routes/outgoing-document-page';
import { OutgoingExchangeSection } from '../../features/exchange/components/outgoing-exchange';

export default function OutgoingDocumentRoute() {
  return <OutgoingDocumentPage ExchangeSection={OutgoingExchangeSection} />;
}
