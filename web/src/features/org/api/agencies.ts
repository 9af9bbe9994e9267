import { api, apiRequest } from '../../../shared/api/client';
import type { Agency, AgencyInput, AgencyPatch, Id, ImportMode, ImportReport } from './types';

export function listAgencies(
  filter: { q?: string; includeInactive?: boolean; asOf?: string },
  signal?: AbortSignal,
): Promise<{ items: Agency[] }> {
  return api.get('/agencies', {
    query: {
      q: filter.q,
      asOf: filter.asOf,
      includeInactive: filter.includeInactive ? true : undefined,
    },
    signal,
  });
}

export function createAgency(input: AgencyInput): Promise<Agency> {
  return api.post('/agencies', input);
}

export function updateAgency(id: Id, patch: AgencyPatch): Promise<Agency> {
  return api.patch(`/agencies/${encodeURIComponent(String(id))}`, patch);
}

export type ImportFormat = 'csv' | 'json';

export function importFormatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

/**
 * POST /agencies/import with the file as the body. The content type comes from the file name:
 * browsers report CSV files as text/csv, application/vnd.ms-excel or nothing at all.
 */
export function importAgencies(
  file: Blob,
  format: ImportFormat,
  dryRun: boolean,
  mode: ImportMode,
): Promise<ImportReport> {
  return apiRequest<ImportReport>('POST', '/agencies/import', {
    body: file,
    contentType: format === 'csv' ? 'text/csv' : 'application/json',
    query: { dryRun: dryRun ? true : undefined, mode },
  });
}
