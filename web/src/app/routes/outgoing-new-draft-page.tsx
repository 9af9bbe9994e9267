// A new outgoing draft with the exchange's field of recipients outside the system (issue 14;
// features may not import each other: they meet here).
import NewDraftPage from '../../features/documents/outgoing/routes/new-draft-page';
import { ExternalRecipientsField } from '../../features/exchange/components/external-recipients';

export default function NewDraftRoute() {
  return <NewDraftPage ExternalRecipients={ExternalRecipientsField} />;
}
