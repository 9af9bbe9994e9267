// Registers printed and the leaders' statistics (docs/api.md "Document reports"; issue 11 item 5).

import { api, apiRequestBlob, type BlobAnswer } from '../../../shared/api/client';

export type GroupBy = 'agency' | 'unit' | 'person';
export type ExportFormat = 'pdf' | 'xlsx';

export interface StatisticsCounts {
  received: number;
  issued: number;
  doneOnTime: number;
  doneLate: number;
  openOnTime: number;
  openOverdue: number;
}

export interface StatisticsRow {
  /** Agency, unit or user id; null for the documents nobody was assigned yet. */
  id: number | null;
  label: string;
  counts: StatisticsCounts;
}

export interface Statistics {
  from: string;
  to: string;
  groupBy: GroupBy;
  /** The day (Vietnam) "overdue" was judged on. */
  today: string;
  timeZone: string;
  agencyIds: number[];
  rows: StatisticsRow[];
  total: StatisticsCounts;
}

export interface StatisticsQuery {
  from: string;
  to: string;
  groupBy: GroupBy;
}

export function getStatistics(q: StatisticsQuery, signal?: AbortSignal): Promise<Statistics> {
  return api.get('/documents/statistics', { query: { ...q }, signal });
}

/** The same table as an Excel workbook. */
export function downloadStatistics(q: StatisticsQuery): Promise<BlobAnswer> {
  return apiRequestBlob('GET', '/documents/statistics', { query: { ...q, format: 'xlsx' } });
}

export interface RegisterSummary {
  id: number;
  direction: 'incoming' | 'outgoing';
  kind: string;
  name: string;
  active: boolean;
}

export function listRegisters(
  agencyId: number,
  signal?: AbortSignal,
): Promise<{ items: RegisterSummary[] }> {
  return api.get(`/agencies/${agencyId}/document-registers`, { signal });
}

/** The register printed for a period (Phụ lục IV layout), as PDF or Excel. */
export function downloadRegister(
  id: number,
  format: ExportFormat,
  from: string,
  to: string,
): Promise<BlobAnswer> {
  return apiRequestBlob('GET', `/documents/registers/${id}/export`, {
    query: { format, from, to },
  });
}

/** Saves a downloaded file under its server-given name. */
export function saveBlob(answer: BlobAnswer, fallback: string): void {
  const url = URL.createObjectURL(answer.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = answer.fileName ?? fallback;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
