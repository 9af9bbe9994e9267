// The clerk's calls on documents received by e-mail (docs/api.md "Official e-mail", issue 15
// item 3). Every action sends If-Match with the item's ETag, `"mi-<id>-<version>"` of the copy
// the page shows: a 412 then means another clerk acted first. Every call answers 503 while
// e-mail is off ([mail] enabled = false).
import { api, API_BASE } from '../../../shared/api/client';

export type IntakeState = 'received' | 'registered' | 'discarded';
export type IntakeFilter = IntakeState | 'all';

/** DKIM as the server verified it on arrival. */
export interface DkimResult {
  /** pass | fail | none | temperror | permerror */
  result: string;
  /** The signing domain (d=), '' when there was no signature. */
  domain: string;
  /** A stable code (no-key, key-unavailable, not-checked…). */
  reason: string;
  /** A sentence in the request's language. */
  detail: string;
}

/** SPF as the receiving mail server reported it (Authentication-Results); '' when it did not. */
export interface SpfResult {
  result: string;
  detail: string;
}

export interface IntakeItem {
  id: number;
  state: IntakeState;
  stateLabel: string;
  messageId: string;
  fromAddress: string;
  fromName: string;
  subject: string;
  /** The Date header (ISO 8601), when readable. */
  sentAt: string | null;
  receivedAt: string;
  /** Bytes, the message's size on the server. */
  size: number;
  /** Too large: only its header was read (no body, no files). */
  headerOnly: boolean;
  dkim: DkimResult;
  spf: SpfResult;
  /** The incoming document it became. */
  documentId: number | null;
  discardReason: string;
  handledBy: string;
  handledAt: string | null;
  fileCount: number;
  warningCount: number;
  version: number;
}

export interface IntakeWarning {
  code: string;
  message: string;
}

export type Indication = '' | 'TOTAL_PASSED' | 'INDETERMINATE' | 'TOTAL_FAILED';

export interface IntakeFile {
  /** 1-based, in the message's order. */
  position: number;
  /** Sanitised (no path separators, no control characters). */
  name: string;
  /** As sent, decoded; '' when there was none. */
  originalName: string;
  /** As the message declared it. */
  contentType: string;
  /** By content: application/pdf, image/png, image/jpeg, image/tiff; '' when none of them. */
  detectedType: string;
  size: number;
  sha256: string;
  /** May become a file of the incoming document (PDF or image). */
  registrable: boolean;
  signature: {
    /** '' = not checked (no signature, or a kind that is not checked). */
    indication: Indication;
    signer: string;
    detail: string;
    signatures: number;
  };
  warnings: IntakeWarning[];
}

/** What the registration form starts with. */
export interface RegistrationDraft {
  typeOrdinal: number;
  numberText: string;
  issuedDate: string;
  arrivalDate: string;
  senderName: string;
  subject: string;
  /** The registrable files (at most 20). */
  files: number[];
}

export interface IntakeDetail extends IntakeItem {
  /** The text to show (never the sender's HTML). */
  bodyText: string;
  /** The whole message is kept (downloadable as .eml). */
  hasMessage: boolean;
  warnings: IntakeWarning[];
  files: IntakeFile[];
  draft: RegistrationDraft;
}

export interface IntakePage {
  items: IntakeItem[];
  total: number;
  /** Items of the caller's agency waiting for a clerk, whatever the filter. */
  waiting: number;
}

export type Urgency = 'normal' | 'urgent' | 'very_urgent' | 'express';

/** Absent fields take the draft's values (files: the draft's positions). */
export interface RegisterInput {
  typeOrdinal?: number;
  numberText?: string;
  issuedDate?: string;
  arrivalDate?: string;
  dueDate?: string;
  senderName?: string;
  subject?: string;
  signerName?: string;
  signerPosition?: string;
  urgency?: Urgency;
  description?: string;
  files?: number[];
  confirmDuplicate?: boolean;
}

export interface DocumentType {
  ordinal: number;
  name: string;
  abbreviation: string | null;
}

const BASE = '/mail/intake';
const ifMatch = (i: Pick<IntakeItem, 'id' | 'version'>) => ({
  headers: { 'If-Match': `"mi-${i.id}-${i.version}"` },
});

export function listIntake(
  state: IntakeFilter,
  page: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<IntakePage> {
  return api.get(BASE, { query: { state, limit: page.limit, offset: page.offset }, signal });
}

/** Only the count of messages waiting (the tab's badge; also says whether e-mail is on). */
export async function countWaiting(signal?: AbortSignal): Promise<number> {
  const answer = await api.get<IntakePage>(BASE, {
    query: { state: 'received', limit: 1 },
    signal,
  });
  return answer.waiting;
}

export function getIntake(id: number, signal?: AbortSignal): Promise<IntakeDetail> {
  return api.get(`${BASE}/${id}`, { signal });
}

/** Same-origin URL of an attachment (a download: the server sends it as an attachment). */
export function intakeFileUrl(id: number, position: number): string {
  return `${API_BASE}${BASE}/${id}/files/${position}`;
}

/** Same-origin URL of the message as received (.eml). */
export function intakeMessageUrl(id: number): string {
  return `${API_BASE}${BASE}/${id}/message`;
}

export function registerIntake(i: IntakeItem, body: RegisterInput): Promise<IntakeDetail> {
  return api.post(`${BASE}/${i.id}/register`, body, ifMatch(i));
}

export function discardIntake(i: IntakeItem, reason: string): Promise<IntakeDetail> {
  return api.post(`${BASE}/${i.id}/discard`, { reason }, ifMatch(i));
}

export function listDocumentTypes(signal?: AbortSignal): Promise<{ items: DocumentType[] }> {
  return api.get('/codes/document-types', { signal });
}
