// The dossiers API (docs/api.md "Dossiers"; issue 12 item 2): scans uploaded first, the receipt
// at the counter, the queues, one dossier with the actions its reader may take, the one action
// route, the timeline and the forms as PDF.

import { api, apiRequest, buildUrl } from '../../shared/api/client';
import type { ChannelName } from './api';

export type DossierStateName =
  | 'new'
  | 'received'
  | 'rejected'
  | 'processing'
  | 'wait_supplement'
  | 'wait_payment'
  | 'withdraw_requested'
  | 'stopped'
  | 'done'
  | 'returned';

export type DossierActionName =
  | 'accept'
  | 'reject'
  | 'transfer'
  | 'complete_step'
  | 'reassign'
  | 'request_supplement'
  | 'resubmit'
  | 'request_payment'
  | 'confirm_payment'
  | 'apologize'
  | 'request_withdraw'
  | 'approve_withdraw'
  | 'decline_withdraw'
  | 'stop'
  | 'attach_result'
  | 'finish'
  | 'return';

export type Delivery = 'counter' | 'postal' | 'electronic';
export type DossierForm = 'receipt' | 'supplement' | 'refusal' | 'apology' | 'control';
export type DossierQueue = 'counter' | 'mine' | 'late' | 'agency';

export interface DossierState {
  name: DossierStateName;
  label: string;
  /** The national portal's status code (1..10). */
  syncCode: number;
}

export interface Timeliness {
  name: 'early' | 'on_time' | 'late';
  label: string;
}

export interface DossierFile {
  id: number;
  kind: 'application' | 'supplement' | 'result';
  documentOrdinal: number;
  name: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  /** Given online by the citizen (the portal), not uploaded by staff. */
  fromCitizen?: boolean;
  /** Reused from the citizen's document store (kho dữ liệu) rather than uploaded. */
  reused?: boolean;
}

export interface DossierStep {
  ordinal: number;
  name: string;
  performer: string;
  performerLabel: string;
  hours: number;
  /** The agency performing it (the desk's, the deciding agency's, or another's: liên thông). */
  agency: { id: number; name: string } | null;
  assignee: { id: number; name: string } | null;
  startedAt: string;
  plannedEnd: string;
  finishedAt: string;
  finishedBy: string;
  outcome: Timeliness | null;
  note: string;
}

export interface Applicant {
  name: string;
  idNumber: string;
  address: string;
  phone: string;
  email: string;
  representative: string;
}

export interface Dossier {
  code: string;
  procedure: { code: string; name: string; versionId: number };
  receivingAgencyId: number;
  decidingAgencyId: number;
  channel: ChannelName;
  channelLabel: string;
  state: DossierState;
  applicant: Applicant;
  sets: number;
  /** When it was submitted (online: before the desk's acceptance, which is receivedAt). */
  submittedAt?: string;
  receivedAt: string;
  receivedBy: string;
  deadline: { amount: number; unit: string; label: string };
  transferDueAt: string;
  appointmentAt: string;
  dueAt: string;
  newAppointmentAt: string;
  fee: number;
  feePaid: boolean;
  delivery: Delivery;
  deliveryLabel: string;
  resultNote: string;
  /** The outgoing document drafted as the result (documents module), or null. */
  resultDocumentId: number | null;
  /** That document as far as the reader may see it (null when they may not). */
  resultDocument: ResultDocument | null;
  finishedAt: string;
  returnedAt: string;
  returnedTo: string;
  timeliness: Timeliness | null;
  lateFlag: boolean;
  note: string;
  updatedAt: number;
  checklist: {
    ordinal: number;
    name: string;
    originals: number;
    copies: number;
    required: boolean;
    provided: boolean;
    byData: boolean;
    reused?: boolean;
  }[];
  steps: DossierStep[];
  files: DossierFile[];
  actions: { name: DossierActionName; label: string; needsReason: boolean }[];
}

export interface DossierSummary {
  code: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  state: DossierState;
  channel: ChannelName;
  channelLabel: string;
  receivedAt: string;
  dueAt: string;
  newAppointmentAt: string;
  lateFlag: boolean;
  currentStep: string;
  assigneeName: string;
}

export interface DossierEvent {
  at: string;
  actor: string;
  action: string;
  actionLabel: string;
  from: DossierState;
  to: DossierState;
  note: string;
}

export interface ReceiveInput {
  procedureCode: string;
  channel: ChannelName;
  applicant: Applicant;
  documents: { ordinal: number; provided: boolean; byData: boolean; fileIds: number[] }[];
  decidingAgencyId?: number;
  stepAgencies?: { ordinal: number; agencyId: number }[];
  delivery: Delivery;
  feePaid: boolean;
  note: string;
}

export interface ActionInput {
  action: DossierActionName;
  reason?: string;
  assigneeId?: number;
  newAppointment?: string;
  fileIds?: number[];
  resultNote?: string;
  returnedTo?: string;
  expectedUpdatedAt?: number;
}

const enc = encodeURIComponent;

export function uploadDossierFile(file: File) {
  return apiRequest<DossierFile>('POST', '/dossiers/files', {
    body: file,
    contentType: 'application/octet-stream',
    query: { fileName: file.name },
  });
}

export function receiveDossier(input: ReceiveInput) {
  return api.post<Dossier>('/dossiers', input);
}

export function listDossiers(
  filter: { queue: DossierQueue; state?: string; q?: string; limit: number; offset: number },
  signal?: AbortSignal,
) {
  return api.get<{ items: DossierSummary[]; total: number }>('/dossiers', {
    query: { ...filter },
    signal,
  });
}

/** An online dossier's e-form as the citizen filled it in (GET /dossiers/{code}/e-form). */
export interface DossierEForm {
  form: {
    title: string;
    titleEn?: string;
    number: number;
    sections: {
      title: string;
      titleEn?: string;
      fields: {
        name: string;
        label: string;
        labelEn?: string;
        type: string;
        options?: { value: string; label: string; labelEn?: string }[];
      }[];
    }[];
  };
  answers: Record<string, string>;
  submittedAt: string;
}

export function getDossierEForm(code: string, signal?: AbortSignal) {
  return api.get<{ eForm: DossierEForm | null }>(`/dossiers/${enc(code)}/e-form`, { signal });
}

export function getDossier(code: string, signal?: AbortSignal) {
  return api.get<Dossier>(`/dossiers/${enc(code)}`, { signal });
}

export function dossierTimeline(code: string, signal?: AbortSignal) {
  return api.get<{ items: DossierEvent[] }>(`/dossiers/${enc(code)}/timeline`, { signal });
}

export function actOnDossier(code: string, input: ActionInput) {
  return api.post<Dossier>(`/dossiers/${enc(code)}/actions`, input);
}

export function dossierFormUrl(code: string, form: DossierForm): string {
  return buildUrl(`/dossiers/${enc(code)}/forms/${form}`);
}

export function dossierFileUrl(code: string, id: number): string {
  return buildUrl(`/dossiers/${enc(code)}/files/${id}`);
}

/** The staff of the caller's own agency (GET /users), for choosing who takes a step. */
export function listColleagues(signal?: AbortSignal) {
  return api.get<{ items: { id: number; username: string; fullName: string; roles: string[] }[] }>(
    '/users',
    { signal },
  );
}

/** The result drafted as an outgoing document (POST /dossiers/{code}/result-document). */
export function draftResultDocument(
  code: string,
  input: { typeOrdinal: number; subject?: string; signerId?: number; expectedUpdatedAt: number },
) {
  return api.post<Dossier>(`/dossiers/${enc(code)}/result-document`, input);
}

/** The issued result document becomes the dossier's result file. */
export function attachResultDocument(code: string, expectedUpdatedAt: number) {
  return api.post<Dossier>(`/dossiers/${enc(code)}/result-document/attach`, { expectedUpdatedAt });
}

/** What the dossier page shows of its result document. */
export interface ResultDocument {
  id: number;
  state: string;
  stateLabel: string;
  subject: string;
  numberText: string | null;
  issuedDate: string | null;
}

/** The 29 administrative document types (Decree 30/2020 art. 7). */
export function listDocumentTypes(signal?: AbortSignal) {
  return api.get<{ items: { ordinal: number; name: string; abbreviation: string | null }[] }>(
    '/codes/document-types',
    { signal },
  );
}

/** The agencies of the instance (GET /agencies), for the deciding agency and the inter-agency
 * steps at the counter. */
export function listAgencies(signal?: AbortSignal) {
  return api.get<{ items: { id: number; code: string; name: string; active: boolean }[] }>(
    '/agencies',
    { signal },
  );
}
