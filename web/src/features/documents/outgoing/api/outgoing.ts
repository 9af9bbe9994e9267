// The outgoing-document calls of docs/api.md. Every change sends If-Match with the document's
// ETag, which is `"<id>-<version>"` of the copy the page shows: a 412 then means someone else
// acted first, and the page offers to reload.
import { api, API_BASE, apiRequest } from '../../../../shared/api/client';
import type {
  AgencySummary,
  DocumentRegister,
  DocumentType,
  Notice,
  OutgoingDocument,
  OutgoingDraftInput,
  RegisterEntry,
  SigningKey,
  StaffUser,
  TimelineEvent,
  Unit,
} from './types';

const OUT = '/documents/outgoing';

const ifMatch = (d: Pick<OutgoingDocument, 'id' | 'version'>) => ({
  headers: { 'If-Match': `"${d.id}-${d.version}"` },
});

export function getOutgoing(id: number, signal?: AbortSignal): Promise<OutgoingDocument> {
  return api.get(`${OUT}/${id}`, { signal });
}

export function createDraft(input: OutgoingDraftInput): Promise<OutgoingDocument> {
  return api.post(OUT, input);
}

export function updateDraft(
  d: OutgoingDocument,
  input: OutgoingDraftInput,
): Promise<OutgoingDocument> {
  return api.patch(`${OUT}/${d.id}`, input, ifMatch(d));
}

export function uploadVersion(d: OutgoingDocument, file: File): Promise<OutgoingDocument> {
  return apiRequest('POST', `${OUT}/${d.id}/files`, {
    query: { name: file.name },
    body: file,
    contentType: 'application/pdf',
    ...ifMatch(d),
  });
}

/** Same-origin URL of a file of the document (the viewer and download links fetch it). */
export function fileUrl(documentId: number, fileId: number): string {
  return `${API_BASE}${OUT}/${documentId}/files/${fileId}`;
}

export function getTimeline(id: number, signal?: AbortSignal): Promise<{ items: TimelineEvent[] }> {
  return api.get(`${OUT}/${id}/timeline`, { signal });
}

export function submitForReview(
  d: OutgoingDocument,
  body: { unitHeadId?: number; comment?: string },
): Promise<OutgoingDocument> {
  return api.post(`${OUT}/${d.id}/submit`, body, ifMatch(d));
}

export function approve(d: OutgoingDocument, comment?: string): Promise<OutgoingDocument> {
  return api.post(`${OUT}/${d.id}/approve`, comment ? { comment } : {}, ifMatch(d));
}

export function returnDraft(d: OutgoingDocument, comment: string): Promise<OutgoingDocument> {
  return api.post(`${OUT}/${d.id}/return`, { comment }, ifMatch(d));
}

export function signWithServerKey(
  d: OutgoingDocument,
  body: { keyId: string; secret?: string },
): Promise<OutgoingDocument> {
  return api.post(`${OUT}/${d.id}/sign`, body, ifMatch(d));
}

/**
 * Numbers, stamps and seals the signed document; the server finds the "Số:" and date lines on
 * page 1 itself. The issue panel uses `issueWithPositions` (api/processing.ts), which also sends
 * the boxes the clerk moved.
 */
export function issue(
  d: OutgoingDocument,
  body: { sealKeyId: string; secret?: string; place?: string },
): Promise<OutgoingDocument> {
  return api.post(`${OUT}/${d.id}/issue`, body, ifMatch(d));
}

export function listDocumentTypes(signal?: AbortSignal): Promise<{ items: DocumentType[] }> {
  return api.get('/codes/document-types', { signal });
}

export function listAgencyUsers(signal?: AbortSignal): Promise<{ items: StaffUser[] }> {
  return api.get('/users', { signal });
}

export function listUnits(agencyId: number, signal?: AbortSignal): Promise<{ items: Unit[] }> {
  return api.get(`/agencies/${agencyId}/units`, { signal });
}

export function listAgencies(signal?: AbortSignal): Promise<{ items: AgencySummary[] }> {
  return api.get('/agencies', { signal });
}

export function listSigningKeys(signal?: AbortSignal): Promise<{ items: SigningKey[] }> {
  return api.get('/signing/keys', { signal });
}

export function listRegisters(
  agencyId: number,
  signal?: AbortSignal,
): Promise<{ items: DocumentRegister[] }> {
  return api.get(`/agencies/${agencyId}/document-registers`, { signal });
}

export function listRegisterEntries(
  registerId: number,
  year: number,
  signal?: AbortSignal,
): Promise<{ registerId: number; year: number; items: RegisterEntry[] }> {
  return api.get(`/document-registers/${registerId}/entries`, { query: { year }, signal });
}

export function listNotices(signal?: AbortSignal): Promise<{ items: Notice[]; unread: number }> {
  return api.get('/notifications', { query: { limit: 100 }, signal });
}
