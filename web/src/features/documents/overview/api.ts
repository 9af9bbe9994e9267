// GET /documents/overview and /documents/overview/items (docs/api.md "Work queues"): the
// agency's and each unit's open, due-soon and overdue items, for the agency's leaders.

import { api } from '../../../shared/api/client';
import type { QueueFlag, QueuePage } from '../work/api';

export interface OverviewLine {
  scope: 'agency' | 'unit';
  /** null for the agency line, and for the people who belong to no unit. */
  unitId: number | null;
  unitName: string;
  open: number;
  dueSoon: number;
  overdue: number;
}

export function getOverview(signal?: AbortSignal) {
  return api.get<{ items: OverviewLine[] }>('/documents/overview', { signal });
}

/** The items behind one count. `unitId` undefined: the whole agency; 0: no unit. */
export function getOverviewItems(
  query: { unitId?: number; flag: QueueFlag; limit: number; offset: number },
  signal?: AbortSignal,
) {
  return api.get<QueuePage>('/documents/overview/items', {
    query: {
      unitId: query.unitId,
      flag: query.flag || undefined,
      limit: query.limit,
      offset: query.offset,
    },
    signal,
  });
}
