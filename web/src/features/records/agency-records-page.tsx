import { RecordsListPage } from './records-list-page';

/** Hồ sơ của cơ quan (/ho-so/co-quan). */
export default function AgencyRecordsPage() {
  return <RecordsListPage mine={false} />;
}
