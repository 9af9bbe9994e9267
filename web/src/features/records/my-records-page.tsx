import { RecordsListPage } from './records-list-page';

/** Hồ sơ của tôi (/ho-so/cua-toi). */
export default function MyRecordsPage() {
  return <RecordsListPage mine />;
}
