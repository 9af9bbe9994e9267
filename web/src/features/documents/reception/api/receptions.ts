// The recipient clerk's calls (docs/api.md "Delivery between agencies"). Every action sends
// If-Match with the delivery's ETag (its `etag` member): a 412 means another clerk acted first.
import { api, API_BASE, apiRequest, apiRequestBlob } from '../../../../shared/api/client';
import type { Reception, ReceptionCount, VerificationSummary } from './types';

const REC = '/documents/receptions';
const ifMatch = (r: Reception) => ({ headers: { 'If-Match': r.etag } });

export type ReceptionFilter = 'pending' | 'all';

export function listReceptions(
  status: ReceptionFilter,
  signal?: AbortSignal,
): Promise<{ items: Reception[] }> {
  return api.get(REC, { query: { status, limit: 200 }, signal });
}

export function countReceptions(signal?: AbortSignal): Promise<ReceptionCount> {
  return api.get(`${REC}/count`, { signal });
}

export function getReception(id: number, signal?: AbortSignal): Promise<Reception> {
  return api.get(`${REC}/${id}`, { signal });
}

/** Same-origin URL of the issued PDF (the viewer and the download link fetch it). */
export function receptionFileUrl(id: number): string {
  return `${API_BASE}${REC}/${id}/file`;
}

export function registerReception(
  r: Reception,
  body: {
    arrivalDate?: string;
    dueDate?: string;
    description?: string;
    confirmDuplicate?: boolean;
  },
): Promise<Reception> {
  return api.post(`${REC}/${r.id}/register`, body, ifMatch(r));
}

export function refuseReception(r: Reception, reason: string): Promise<Reception> {
  return api.post(`${REC}/${r.id}/refuse`, { reason }, ifMatch(r));
}

export function acceptRecall(r: Reception, reason?: string): Promise<Reception> {
  return api.post(`${REC}/${r.id}/recall-accept`, reason ? { reason } : {}, ifMatch(r));
}

export function refuseRecall(r: Reception, reason: string): Promise<Reception> {
  return api.post(`${REC}/${r.id}/recall-refuse`, { reason }, ifMatch(r));
}

/**
 * The signatures of the received file, checked by the server's verifier (POST /signatures/verify,
 * in the UI's language): the recipient sees whether the signer's and the seal's signatures hold
 * before registering the document.
 */
export async function verifyReceptionFile(
  id: number,
  fileName: string,
  signal?: AbortSignal,
): Promise<VerificationSummary> {
  const file = await apiRequestBlob('GET', `${REC}/${id}/file`, { signal });
  return apiRequest('POST', '/signatures/verify', {
    query: { fileName },
    body: file.blob,
    contentType: 'application/pdf',
    signal,
  });
}
