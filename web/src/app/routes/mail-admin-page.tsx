// Thư điện tử (/admin/thu-dien-tu…, issue 15): the e-mail feature's page with the notices'
// outbox table in its "Hộp thư đi" section (features may not import each other: they meet here).
import { OutboxTable } from '../../features/notify/components/outbox-table';
import MailAdminPage from '../../features/mail/routes/admin-page';

export default function MailAdminRoute() {
  return <MailAdminPage Outbox={OutboxTable} />;
}
