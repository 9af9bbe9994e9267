// An outgoing draft edited, with the exchange's field of recipients outside the system (issue
// 14; features may not import each other: they meet here).
import EditDraftPage from '../../features/documents/outgoing/routes/edit-draft-page';
import { ExternalRecipientsField } from '../../features/exchange/components/external-recipients';

export default function EditDraftRoute() {
  return <EditDraftPage ExternalRecipients={ExternalRecipientsField} />;
}
