// The signing and processing calls of docs/api.md "Token and batch signing, DOCX drafts,
// attachments, consultation" and the position boxes of the issue. Kept apart from outgoing.ts,
// which the pages' basic flow uses.
import { api, ApiError, apiRequest } from '../../../../shared/api/client';
import type { OutgoingDocument } from './types';

const OUT = '/documents/outgoing';

const ifMatch = (d: Pick<OutgoingDocument, 'id' | 'version'>) => ({
  'If-Match': `"${d.id}-${d.version}"`,
});

/** A box in PDF points from the page's bottom-left corner. */
export interface PageBox {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The issue, with the number/date boxes when the clerk moved them (otherwise the server finds them). */
export function issueWithPositions(
  d: OutgoingDocument,
  body: {
    sealKeyId: string;
    secret?: string;
    place?: string;
    numberBox?: PageBox;
    dateBox?: PageBox;
  },
): Promise<OutgoingDocument> {
  const post = (json: unknown) =>
    api.post<OutgoingDocument>(`${OUT}/${d.id}/issue`, json, { headers: ifMatch(d) });
  if (!body.numberBox && !body.dateBox) {
    return post(body);
  }
  // A server that does not take the boxes yet refuses them as unknown fields (422 naming only
  // numberBox/dateBox): it then finds the lines itself, as it did before they existed.
  return post(body).catch((error: unknown) => {
    const boxesOnly =
      error instanceof ApiError &&
      error.status === 422 &&
      error.fieldErrors.length > 0 &&
      error.fieldErrors.every((f) => f.field === 'numberBox' || f.field === 'dateBox');
    if (!boxesOnly) {
      throw error;
    }
    return post({ ...body, numberBox: undefined, dateBox: undefined });
  });
}

export interface OutgoingTokenPreparation {
  id: string;
  /** Base64 SHA-256: what the token signs. */
  digest: string;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  expiresAt: string;
  fileName: string;
  contentSha256: string;
  certificateSha256: string;
}

/** Prepares the signature of the newest draft PDF for the token's certificate (base64 DER, then its issuers). */
export function prepareOutgoingToken(
  d: OutgoingDocument,
  certificates: string[],
): Promise<OutgoingTokenPreparation> {
  return apiRequest('POST', `${OUT}/${d.id}/token-signature`, {
    json: {},
    headers: { ...ifMatch(d), 'X-Signing-Certificate': certificates.join(',') },
  });
}

export function completeOutgoingToken(
  d: OutgoingDocument,
  preparationId: string,
  signature: string,
): Promise<OutgoingDocument> {
  return api.post(
    `${OUT}/${d.id}/token-signature/complete`,
    { preparationId, signature },
    { headers: ifMatch(d) },
  );
}

export interface BatchProblem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
}

export interface BatchItem {
  id: number;
  status: number;
  document?: OutgoingDocument;
  preparation?: OutgoingTokenPreparation;
  subject?: string;
  problem?: BatchProblem;
}

export interface BatchResult {
  items: BatchItem[];
  succeeded: number;
  failed: number;
}

export interface VersionedRef {
  id: number;
  version: number;
}

export function batchSign(body: {
  documents: VersionedRef[];
  keyId: string;
  secret?: string;
}): Promise<BatchResult> {
  return api.post(`${OUT}/batch-signatures`, body);
}

export function batchPrepareToken(
  documents: VersionedRef[],
  certificates: string[],
): Promise<BatchResult> {
  return api.post(
    `${OUT}/batch-token-signatures`,
    { documents },
    { headers: { 'X-Signing-Certificate': certificates.join(',') } },
  );
}

export function batchCompleteToken(
  items: { id: number; version: number; preparationId: string; signature: string }[],
): Promise<BatchResult> {
  return api.post(`${OUT}/batch-token-signatures/complete`, { items });
}

/** One line of a work queue (docs/api.md `QueueItem`). */
export interface QueueItem {
  id: number;
  direction: string;
  state: string;
  stateLabel: string;
  numberText: string;
  subject: string;
  urgency: string;
  urgencyLabel: string;
  confidentiality: string;
  dueDate: string;
  dueSoon: boolean;
  overdue: boolean;
  updatedAt: string;
  version: number;
}

/** The outgoing work queues (docs/api.md "Work queues"). */
export type OutgoingQueue = 'review' | 'sign' | 'issue';

/** One outgoing queue's first items (what waits for the caller now). */
export function listOutgoingQueue(
  queue: OutgoingQueue,
  signal?: AbortSignal,
): Promise<{ items: QueueItem[]; total: number }> {
  return api.get(`/documents/queues/${queue}`, { query: { limit: 50 }, signal });
}

/** The approved documents waiting for the caller's signature. */
export function listToSign(signal?: AbortSignal): Promise<{ items: QueueItem[]; total: number }> {
  return api.get('/documents/queues/sign', { query: { limit: 200 }, signal });
}

/** Adds an attachment (phụ lục, a PDF) to a draft. */
export function addAttachment(d: OutgoingDocument, file: File): Promise<OutgoingDocument> {
  return apiRequest('POST', `${OUT}/${d.id}/attachments`, {
    query: { name: file.name },
    body: file,
    contentType: 'application/pdf',
    headers: ifMatch(d),
  });
}

/** Removes an attachment added by mistake (the drafter, while a draft). */
export function removeAttachment(d: OutgoingDocument, fileId: number): Promise<OutgoingDocument> {
  return apiRequest('DELETE', `${OUT}/${d.id}/attachments/${fileId}`, { headers: ifMatch(d) });
}

/** Uploads a PDF or DOCX version (the server tells them apart by content and converts a DOCX). */
export function uploadDraftFile(d: OutgoingDocument, file: File): Promise<OutgoingDocument> {
  return apiRequest('POST', `${OUT}/${d.id}/files`, {
    query: { name: file.name },
    body: file,
    contentType: file.type || 'application/octet-stream',
    headers: ifMatch(d),
  });
}

export function requestConsultation(
  d: OutgoingDocument,
  body: { reviewerIds: number[]; comment?: string },
): Promise<OutgoingDocument> {
  return api.post(`${OUT}/${d.id}/consultations`, body, { headers: ifMatch(d) });
}

export function answerConsultation(
  d: OutgoingDocument,
  body: { agree: boolean; comment?: string },
): Promise<OutgoingDocument> {
  return api.post(`${OUT}/${d.id}/consultations/answer`, body, { headers: ifMatch(d) });
}
