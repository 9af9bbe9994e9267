// The menu's count for "Chờ tiếp nhận": documents waiting to be received plus recall requests
// (GET /documents/receptions/count). Refreshed when the page changes, so a registration shows.
import { useAsync } from '../../../shared/lib/use-async';
import { countReceptions } from './api/receptions';

export function useReceptionCount(enabled: boolean, pathname: string): number | undefined {
  const count = useAsync((signal) => countReceptions(signal), [pathname], enabled);
  return count.data ? count.data.received + count.data.recallRequested : undefined;
}
