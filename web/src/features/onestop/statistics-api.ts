// The one-stop desk's statistics (docs/api.md "Dossiers"; issue 12 item 6).

import { api, buildUrl } from '../../shared/api/client';

export interface DossierCounts {
  carried: number;
  receivedOnline: number;
  receivedOther: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  openOnTime: number;
  openLate: number;
  refused: number;
  supplements: number;
}

export interface OnestopStatistics {
  from: string;
  to: string;
  agencyName: string;
  rows: { key: string; label: string; counts: DossierCounts }[];
  total: DossierCounts;
  steps: { name: string; count: number; averageHours: number }[];
  queue: { tickets: number; averageWaitMinutes: number; averageServeMinutes: number };
}

export type StatisticsGroup = 'procedure' | 'sector';

export function onestopStatistics(
  query: { from: string; to: string; groupBy: StatisticsGroup },
  signal?: AbortSignal,
) {
  return api.get<OnestopStatistics>('/onestop/statistics', { query, signal });
}

export function onestopStatisticsXlsxUrl(query: {
  from: string;
  to: string;
  groupBy: StatisticsGroup;
}): string {
  return buildUrl('/onestop/statistics', { ...query, format: 'xlsx' });
}
