// Online submission on the portal (docs/api.md "Online submission"; issue 13, item 3): a
// procedure's e-form and its pre-filled values, drafts, the citizen's uploads and document store
// (kho dữ liệu), their dossiers with each decision, and the supplement answered online.

import { api, apiRequest, buildUrl } from '../../shared/api/client';
import type { DossierPayment } from './payment-panel';

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'idNumber'
  | 'phone'
  | 'email';

export interface FieldOption {
  value: string;
  label: string;
  labelEn?: string;
}

export interface FormField {
  name: string;
  label: string;
  labelEn?: string;
  help?: string;
  helpEn?: string;
  type: FieldType;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  minDate?: string;
  maxDate?: string;
  pattern?: string;
  patternMessage?: string;
  patternMessageEn?: string;
  options?: FieldOption[];
  /** Shown only when that earlier field holds one of `equals` (any value when absent). */
  showIf?: { field: string; equals?: string[] };
  prefill?: string;
  applicant?: string;
}

export interface FormSection {
  title: string;
  titleEn?: string;
  fields: FormField[];
}

/** GET /portal/procedures/{code}/e-form: the version in use (id null: the default form). */
export interface EForm {
  id: number | null;
  number: number;
  procedureCode: string;
  title: string;
  titleEn?: string;
  /** The checklist items (1-based) the e-form itself stands for. */
  documents?: number[];
  sections: FormSection[];
}

/** Every answer is text; a checkbox "true" or "false". */
export type Answers = Record<string, string>;

export interface ChosenFile {
  id: string;
  name: string;
}

export interface DocumentChoice {
  ordinal: number;
  files: ChosenFile[];
  byData: boolean;
}

export interface Draft {
  id: number;
  procedureCode: string;
  procedureName: string;
  agencyId: number | null;
  formId: number | null;
  answers: Answers;
  documents: DocumentChoice[];
  note: string;
  createdAt: string;
  updatedAt: string;
}

export interface DraftInput {
  procedureCode: string;
  agencyId?: number | null;
  answers: Answers;
  documents: DocumentChoice[];
  note?: string;
}

export type StoreSource = 'upload' | 'store' | 'document' | 'result';

export interface CitizenFile {
  id: string;
  source: StoreSource;
  name: string;
  contentType: string;
  size: number;
  addedAt: string;
  url: string;
  dossier: {
    code: string;
    procedureCode: string;
    procedureName: string;
    documentOrdinal: number;
    documentName: string;
  } | null;
}

export interface StateLabel {
  name: string;
  label: string;
  syncCode?: number;
}

export interface CitizenDossierSummary {
  code: string;
  provisional: boolean;
  procedureCode: string;
  procedureName: string;
  state: StateLabel;
  receivedAt: string;
  dueAt: string;
  newAppointmentAt: string;
  lateFlag: boolean;
}

export interface DossierEvent {
  at: string;
  actor: string;
  action: string;
  actionLabel: string;
  from: StateLabel;
  to: StateLabel;
  note: string;
}

export interface CitizenDossier {
  code: string;
  provisional: boolean;
  procedure: { code: string; name: string };
  receivingAgency: { id: number; name: string };
  channelLabel: string;
  state: StateLabel & { syncCode: number };
  submittedAt: string;
  receivedAt: string;
  appointmentAt: string;
  dueAt: string;
  newAppointmentAt: string;
  finishedAt: string;
  returnedAt: string;
  fee: number;
  feePaid: boolean;
  /** What is still owed, as on the tracking page: null before acceptance or once paid. */
  payment: DossierPayment | null;
  deliveryLabel: string;
  resultNote: string;
  updatedAt: number;
  checklist: {
    ordinal: number;
    name: string;
    required: boolean;
    provided: boolean;
    byData: boolean;
    reused: boolean;
  }[];
  files: {
    id: string;
    kind: 'application' | 'supplement' | 'result';
    documentOrdinal: number;
    name: string;
    reused: boolean;
    uploadedAt: string;
    url: string;
  }[];
  timeline: DossierEvent[];
  supplementRequest: { reason: string; at: string } | null;
  refusal: { reason: string; at: string } | null;
  eForm: { form: EForm; answers: Answers; submittedAt: string } | null;
}

export interface SubmissionInput {
  procedureCode: string;
  agencyId: number | null;
  formId: number | null;
  answers: Answers;
  documents: { ordinal: number; files: string[]; byData: boolean }[];
  delivery?: 'counter' | 'postal' | 'electronic';
  note?: string;
  draftId?: number;
}

const enc = encodeURIComponent;

export function getEForm(code: string, signal?: AbortSignal) {
  return api.get<EForm>(`/portal/procedures/${enc(code)}/e-form`, { signal });
}

export function getPrefill(code: string, signal?: AbortSignal) {
  return api.get<{ formId: number | null; formNumber: number; answers: Answers }>(
    `/portal/procedures/${enc(code)}/e-form/prefill`,
    { signal },
  );
}

export function listDrafts(signal?: AbortSignal) {
  return api.get<{ items: Draft[] }>('/portal/drafts', { signal });
}

export function getDraft(id: number, signal?: AbortSignal) {
  return api.get<Draft>(`/portal/drafts/${id}`, { signal });
}

export function createDraft(input: DraftInput) {
  return api.post<Draft>('/portal/drafts', input);
}

export function saveDraft(id: number, input: DraftInput) {
  return apiRequest<Draft>('PUT', `/portal/drafts/${id}`, { json: input });
}

export function deleteDraft(id: number) {
  return api.delete<void>(`/portal/drafts/${id}`);
}

/** A file for a dossier being prepared (`inStore` false) or for the document store. */
export function uploadCitizenFile(file: File, inStore: boolean) {
  return apiRequest<CitizenFile>('POST', inStore ? '/portal/store' : '/portal/uploads', {
    query: { fileName: file.name },
    body: file,
    contentType: file.type || 'application/octet-stream',
  });
}

export function listStore(signal?: AbortSignal) {
  return api.get<{ items: CitizenFile[] }>('/portal/store', { signal });
}

export function removeCitizenFile(id: string) {
  return api.delete<void>(`/portal/store/${enc(id)}`);
}

export function citizenFileUrl(id: string): string {
  return buildUrl(`/portal/store/${enc(id)}`);
}

/** The citizen's receipt slip or fee receipt of an accepted dossier (PDF). */
export function citizenPaperUrl(code: string, form: 'receipt' | 'fee-receipt'): string {
  return buildUrl(`/portal/dossiers/${enc(code)}/forms/${form}`);
}

export function submitDossier(input: SubmissionInput) {
  return api.post<CitizenDossier>('/portal/dossiers', input);
}

export function listMyDossiers(signal?: AbortSignal) {
  return api.get<{ items: CitizenDossierSummary[] }>('/portal/dossiers', { signal });
}

export function getMyDossier(code: string, signal?: AbortSignal) {
  return api.get<CitizenDossier>(`/portal/dossiers/${enc(code)}`, { signal });
}

export function answerSupplement(
  code: string,
  input: {
    note: string;
    documents: { ordinal: number; files: string[]; byData: boolean }[];
    expectedUpdatedAt: number;
  },
) {
  return api.post<CitizenDossier>(`/portal/dossiers/${enc(code)}/supplement`, input);
}
