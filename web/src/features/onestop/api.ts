// The procedure catalogue API (docs/api.md "Procedure catalogue"; issue 12 item 1): the
// procedures in force, one procedure with its versions, publishing a version (admins), the
// all-or-nothing import with its per-row report, the export, and the performing agencies.

import { api, apiRequest, buildUrl } from '../../shared/api/client';
import type { Procedure } from '../../shared/api/procedures';

export * from '../../shared/api/procedures';

export interface ImportRow {
  row: number;
  code: string;
  name: string;
  outcome: 'created' | 'new_version' | 'replaced' | 'unchanged' | null;
  outcomeLabel: string | null;
  errors: { field: string; code: string; message: string }[];
}

export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  created: number;
  newVersions: number;
  replaced: number;
  unchanged: number;
  failed: number;
  rows: ImportRow[];
}

export interface Published {
  outcome: 'created' | 'new_version' | 'replaced' | 'unchanged';
  outcomeLabel: string;
  procedure: Procedure;
}

const enc = encodeURIComponent;

export function listVersions(code: string, signal?: AbortSignal) {
  return api.get<{ items: Procedure[] }>(`/procedures/${enc(code)}/versions`, { signal });
}

/** A new version of `procedure` (its content as edited) from `effectiveFrom` (YYYY-MM-DD). */
export function publishProcedure(procedure: Procedure, effectiveFrom: string) {
  return apiRequest<Published>('PUT', `/procedures/${enc(procedure.code)}`, {
    json: { ...procedure, effectiveFrom },
  });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The catalogue file (JSON or .xlsx) as it is; the server checks it all (dryRun: no write). */
export function importCatalogue(file: File, dryRun: boolean) {
  const workbook = file.name.toLowerCase().endsWith('.xlsx') || file.type === XLSX;
  return apiRequest<ImportReport>('POST', '/procedures/import', {
    body: file,
    contentType: workbook ? XLSX : 'application/json',
    query: { dryRun: dryRun ? 'true' : undefined },
  });
}

export const EXPORT_URL = buildUrl('/procedures/export');
export const EXPORT_XLSX_URL = buildUrl('/procedures/export', { format: 'xlsx' });

/** Uploads a document's template (admins): the procedure is published again with it. */
export function uploadTemplate(code: string, ordinal: number, file: File) {
  return apiRequest<Published>('PUT', `/procedures/${enc(code)}/documents/${ordinal}/template`, {
    body: file,
    contentType: 'application/octet-stream',
    query: { name: file.name.replace(/\.[^.]+$/, '') },
  });
}
