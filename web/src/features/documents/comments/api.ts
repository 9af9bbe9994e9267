// Comments on a document (docs/api.md "Work queues, delegation and comments"): anyone on its
// route (and, unless confidential, the agency's leaders and clerks) reads and adds them, with at
// most one file uploaded first to POST /documents/files. Incoming and outgoing documents share
// one id space, so one component serves both pages.

import { api, apiRequest, buildUrl } from '../../../shared/api/client';

export interface CommentFile {
  id: number;
  name: string;
  contentType: string;
  size: number;
}

export interface DocumentComment {
  id: number;
  authorId: number | string;
  authorName: string;
  text: string;
  file: CommentFile | null;
  createdAt: string;
}

export function listComments(documentId: number, signal?: AbortSignal) {
  return api.get<{ items: DocumentComment[] }>(`/documents/${documentId}/comments`, { signal });
}

export function addComment(documentId: number, body: { text: string; fileId?: number }) {
  return api.post<DocumentComment>(`/documents/${documentId}/comments`, body);
}

/** Uploads the file first; the answer's id goes with the comment. */
export function uploadCommentFile(file: File) {
  return apiRequest<{ id: number; name: string }>('POST', '/documents/files', {
    query: { fileName: file.name },
    body: file,
    contentType: file.type || 'application/octet-stream',
  });
}

/** A plain link: the cookie session authorises the download. */
export function commentFileUrl(documentId: number, fileId: number): string {
  return buildUrl(`/documents/${documentId}/comments/files/${fileId}`);
}
