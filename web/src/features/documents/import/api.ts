// The import of past documents (docs/api.md "Import of past documents"; issue 11 item 6): an
// admin uploads a ZIP package (documents.csv or documents.json and the files it names) or a bare
// CSV/JSON list; the server answers 202 with a job, which the page polls for its progress and,
// when done, its per-row report.

import { apiRequest } from '../../../shared/api/client';

export type ImportJobState = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';

export type ImportRowStatus =
  'imported' | 'would_import' | 'already_imported' | 'duplicate' | 'invalid' | 'not_written';

export interface ImportRow {
  row: number;
  status: ImportRowStatus;
  statusLabel: string;
  numberText: string;
  subject: string;
  documentId: number | null;
}

export interface ImportProblem {
  row: number;
  field: string;
  message: string;
}

export interface ImportJob {
  id: number;
  fileName: string;
  dryRun: boolean;
  state: ImportJobState;
  stateLabel: string;
  /** '' (waiting), 'validate' (checking rows) or 'write'. */
  phase: string;
  done: number;
  total: number;
  imported: number;
  skipped: number;
  invalid: number;
  refused: boolean;
  message: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  rows?: ImportRow[];
  problems?: ImportProblem[];
}

export function startImport(file: File, dryRun: boolean): Promise<ImportJob> {
  const isZip = /\.zip$/i.test(file.name);
  const isJson = /\.json$/i.test(file.name);
  return apiRequest<ImportJob>('POST', '/documents/import', {
    body: file,
    contentType: isZip ? 'application/zip' : isJson ? 'application/json' : 'text/csv',
    query: { fileName: file.name, dryRun },
  });
}

export function getImport(id: number, signal?: AbortSignal): Promise<ImportJob> {
  return apiRequest<ImportJob>('GET', `/documents/import/${id}`, { signal });
}

export function isRunning(job: ImportJob): boolean {
  return job.state === 'queued' || job.state === 'running';
}
