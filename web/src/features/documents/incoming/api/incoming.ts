// The incoming-document calls of docs/api.md ("Incoming documents", "Document registers"), plus
// the directory look-ups the forms need (agencies, colleagues, document types, working days).

import { api, apiRequest, buildUrl } from '../../../../shared/api/client';
import type {
  AddWorkingDays,
  AgencyOption,
  AssignmentRole,
  Colleague,
  DocumentFile,
  DocumentNumberInfo,
  DocumentRegister,
  DocumentRegisterEntry,
  DocumentType,
  Id,
  IncomingDocument,
  IncomingDocumentDetail,
  IncomingDocumentInput,
  IncomingState,
  TimelineItem,
  Unit,
  Grant,
} from './types';

/**
 * The ETag of a document as the server writes it (`"<id>-<version>"`, docs/api.md
 * "Concurrency"): every action sends it back as If-Match, so a change made meanwhile by someone
 * else is refused (412) instead of being overwritten.
 */
export function etagOf(doc: Pick<IncomingDocument, 'id' | 'version'>): string {
  return `"${doc.id}-${doc.version}"`;
}

export function uploadDocumentFile(file: File, signal?: AbortSignal): Promise<DocumentFile> {
  return apiRequest<DocumentFile>('POST', '/documents/files', {
    query: { fileName: file.name },
    body: file,
    contentType: file.type || 'application/octet-stream',
    signal,
  });
}

export function registerIncoming(input: IncomingDocumentInput): Promise<IncomingDocument> {
  return api.post<IncomingDocument>('/documents/incoming', input);
}

export function listIncoming(
  query: { state?: IncomingState | ''; limit?: number; offset?: number },
  signal?: AbortSignal,
): Promise<{ items: IncomingDocument[] }> {
  return api.get('/documents/incoming', { query, signal });
}

export function getIncoming(id: Id, signal?: AbortSignal): Promise<IncomingDocumentDetail> {
  return api.get(`/documents/incoming/${id}`, { signal });
}

export function getTimeline(id: Id, signal?: AbortSignal): Promise<{ items: TimelineItem[] }> {
  return api.get(`/documents/incoming/${id}/timeline`, { signal });
}

/** Where the browser downloads one of the document's files (a plain link: the cookie session). */
export function fileUrl(documentId: Id, fileId: Id): string {
  return buildUrl(`/documents/incoming/${documentId}/files/${fileId}`);
}

export type IncomingAction =
  | { action: 'submit'; body: { leaderId: Id } }
  | {
      action: 'assign';
      body: {
        instruction?: string;
        /** A person (userId) or a unit of the agency (unitId: its head receives it). */
        assignees: ({ userId: Id; role: AssignmentRole } | { unitId: Id; role: AssignmentRole })[];
        dueInWorkingDays?: number;
        dueDate?: string;
      };
    }
  | {
      action: 'forward';
      body: {
        assignmentId?: Id;
        instruction?: string;
        assignees: { userId: Id; role: AssignmentRole }[];
        dueDate?: string;
      };
    }
  | {
      action: 'extension-decision';
      body: { assignmentId: Id; decision: 'approve' | 'refuse'; reason?: string };
    }
  | { action: 'accept'; body?: undefined }
  | { action: 'comments'; body: { text: string } }
  | { action: 'extension'; body: { reason: string; dueDate: string } }
  | { action: 'complete'; body: { note: string } }
  | { action: 'return'; body: { reason: string } };

/** One action on the document the caller read (`doc`'s version goes as If-Match). */
export function actOnIncoming(
  doc: Pick<IncomingDocument, 'id' | 'version'>,
  { action, body }: IncomingAction,
): Promise<IncomingDocument> {
  return api.post<IncomingDocument>(`/documents/incoming/${doc.id}/${action}`, body ?? {}, {
    headers: { 'If-Match': etagOf(doc) },
  });
}

export function searchAgencies(
  q: string,
  signal?: AbortSignal,
): Promise<{ items: AgencyOption[] }> {
  return api.get('/agencies', { query: { q }, signal });
}

/** The caller's own agency's accounts (docs/api.md: other staff see their agency only). */
export function listColleagues(signal?: AbortSignal): Promise<{ items: Colleague[] }> {
  return api.get('/users', { signal });
}

export function listDocumentTypes(signal?: AbortSignal): Promise<{ items: DocumentType[] }> {
  return api.get('/codes/document-types', { signal });
}

export function parseDocumentNumber(
  value: string,
  signal?: AbortSignal,
): Promise<DocumentNumberInfo> {
  return api.get('/codes/document-number', { query: { value }, signal });
}

export function addWorkingDays(
  start: string,
  days: number,
  signal?: AbortSignal,
): Promise<AddWorkingDays> {
  return api.get('/calendar/add-working-days', { query: { start, days }, signal });
}

export function listRegisters(
  agencyId: Id,
  signal?: AbortSignal,
): Promise<{ items: DocumentRegister[] }> {
  return api.get(`/agencies/${agencyId}/document-registers`, { signal });
}

export function listRegisterEntries(
  registerId: Id,
  year: number,
  signal?: AbortSignal,
): Promise<{ registerId: Id; year: number; items: DocumentRegisterEntry[] }> {
  return api.get(`/document-registers/${registerId}/entries`, { query: { year }, signal });
}

/** The units of an agency (the leader assigns to a unit; its head receives the assignment). */
export function listUnits(agencyId: Id, signal?: AbortSignal): Promise<{ items: Unit[] }> {
  return api.get(`/agencies/${agencyId}/units`, { signal });
}

/** Where the browser downloads a copy of a PDF file with the "ĐẾN" stamp on page 1. */
export function stampedFileUrl(documentId: Id, fileId: Id): string {
  return buildUrl(`/documents/incoming/${documentId}/files/${fileId}`, { stamp: 'arrival' });
}

export function listGrants(id: Id, signal?: AbortSignal): Promise<{ items: Grant[] }> {
  return api.get(`/documents/incoming/${id}/grants`, { signal });
}

export function giveGrant(id: Id, body: { userId: Id; reason: string }): Promise<Grant> {
  return api.post(`/documents/incoming/${id}/grants`, body);
}

export function revokeGrant(id: Id, userId: Id, reason: string): Promise<unknown> {
  return api.post(`/documents/incoming/${id}/grants/${userId}/revoke`, { reason });
}
