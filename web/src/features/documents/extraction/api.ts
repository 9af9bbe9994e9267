// The admin's view of the extraction job queue (issue 11, item 4): text extraction and OCR of
// documents' files run in a durable background queue; a job that keeps failing stays there,
// visible here, until an admin tries it again.

import { api } from '../../../shared/api/client';

export type ExtractionJobState = 'failed' | 'pending';

export interface ExtractionJob {
  id: number;
  /** extract: a document's file, for search; prefill: the registration form's proposal. */
  kind: 'extract' | 'prefill';
  kindLabel: string;
  documentId: number | null;
  /** Not in the contract yet: where the document's page is (incoming when absent). */
  documentDirection?: 'incoming' | 'outgoing';
  documentSubject: string;
  fileId: number;
  fileName: string;
  attempts: number;
  lastError: string;
  /** ISO 8601: the next try of a job being retried; null otherwise. */
  notBefore: string | null;
  /** ISO 8601: when it was given up; null while pending. */
  failedAt: string | null;
  createdAt: string;
}

export interface ExtractionJobList {
  items: ExtractionJob[];
  pending: number;
  failed: number;
}

export function listExtractionJobs(
  state: ExtractionJobState,
  signal?: AbortSignal,
): Promise<ExtractionJobList> {
  return api.get('/documents/extraction-jobs', { query: { state }, signal });
}

export function retryExtractionJob(id: number): Promise<ExtractionJob> {
  return api.post(`/documents/extraction-jobs/${id}/retry`, {});
}
