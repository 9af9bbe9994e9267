// The registration form's proposal (issue 11, item 4): the server reads the first page of the
// clerk's own upload (its text layer, or OCR of a scanned page, in the background job queue,
// never on the request's path) and proposes the number, the issue date, the sender, the subject
// and the type printed there. POST asks for it (202, idempotent), GET reads where it stands.

import { api } from '../../../../shared/api/client';
import type { Id } from './types';

export type ProposalState = 'pending' | 'done' | 'failed';

export type ProposalMethod = 'pdf' | 'ocr' | 'pdf+ocr' | 'docx' | 'none' | '';

export interface FileProposal {
  fileId: Id;
  state: ProposalState;
  /** The state in words (the server's language). */
  stateLabel: string;
  /** How the text was read: its text layer, OCR, both... ("" while pending). */
  method: ProposalMethod;
  methodLabel: string;
  /** As printed, e.g. "125/QĐ-UBND"; "" when not found. */
  numberText: string;
  /** YYYY-MM-DD or "". */
  issuedDate: string;
  /** As printed, e.g. "ỦY BAN NHÂN DÂN TỈNH AN GIANG"; "" when not found. */
  senderName: string;
  subject: string;
  /** Decree 30 document type ordinal; 0 = not found. */
  typeOrdinal: number;
  /** Why it failed (Vietnamese), when `state` is "failed". */
  error: string;
}

/** The content types the server reads for a proposal (the caller's PDF or DOCX upload). */
export const PROPOSAL_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

export function requestProposal(fileId: Id, signal?: AbortSignal): Promise<FileProposal> {
  return api.post<FileProposal>(`/documents/files/${fileId}/proposal`, {}, { signal });
}

export function getProposal(fileId: Id, signal?: AbortSignal): Promise<FileProposal> {
  return api.get<FileProposal>(`/documents/files/${fileId}/proposal`, { signal });
}
