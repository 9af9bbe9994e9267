// The work records API (docs/api.md "Work records"; issue 11 item 1): the yearly file plan
// (danh mục hồ sơ) of the agency, the work records (hồ sơ công việc) opened under its items, their
// documents and files, closing with the items of Decree 30/2020 Appendix VI §8.3, and the
// appraisal of records whose retention has passed.

import { api, apiRequest, buildUrl } from '../../shared/api/client';

export interface PlanItem {
  id: number;
  year: number;
  /** The record's notation in the plan (số và ký hiệu hồ sơ), e.g. "01.VP". */
  code: string;
  title: string;
  unitId: number | null;
  unitName: string;
  /** null: kept permanently (vĩnh viễn). */
  retentionYears: number | null;
  retentionLabel: string;
  responsibleUserId: number | null;
  responsibleName: string;
  note: string;
  /** The work record opened under this item, if any. */
  recordId: number | null;
  version: number;
}

export interface Plan {
  year: number;
  items: PlanItem[];
  canEdit: boolean;
}

export interface PlanItemInput {
  code: string;
  title: string;
  unitId?: number | null;
  retentionYears?: number | null;
  responsibleUserId?: number | null;
  note?: string;
}

export interface CopyResult {
  copied: number;
  skipped: number;
  items: PlanItem[];
}

export type RecordState = 'open' | 'closed' | 'destroyed' | 'transferred';
export const RECORD_STATES: readonly RecordState[] = ['open', 'closed', 'destroyed', 'transferred'];

export type Rights = 'public' | 'restricted' | 'confidential';
export const RIGHTS: readonly Rights[] = ['public', 'restricted', 'confidential'];

export interface RecordSummary {
  id: number;
  /** Mã hồ sơ: organ id "." year "." notation. */
  fileCode: string;
  fileCatalog: number;
  fileNotation: string;
  title: string;
  state: RecordState;
  stateLabel: string;
  retentionLabel: string;
  creatorName: string;
  docTotal: number;
  /** YYYY-MM-DD or "". */
  startDate: string;
  endDate: string;
  openedAt: string;
  closedAt: string | null;
  appraisalDue: boolean;
}

export interface RecordDocument {
  documentId: number;
  ordinal: number;
  direction: 'incoming' | 'outgoing';
  directionLabel: string;
  numberText: string;
  /** The document's date (issued, else arrival), YYYY-MM-DD. The contract says `issuedDate`. */
  date?: string;
  issuedDate?: string;
  subject: string;
  pageCount: number;
  /** A document the caller may not read (confidential): no number, no subject. */
  hidden?: boolean;
  attachedAt: string;
  attachedByName: string;
}

export interface RecordFile {
  fileId: number;
  name: string;
  contentType: string;
  size: number;
  pages?: number;
  attachedAt: string;
  attachedByName: string;
}

export type Decision = 'extend' | 'destroy';

export interface Appraisal {
  decision: Decision;
  decisionLabel: string;
  decisionNumber: string;
  decisionDate: string;
  reason: string;
  extendYears: number | null;
  decidedByName: string;
  decidedAt: string;
}

export interface WorkRecord extends RecordSummary {
  organId: string;
  planItemId: number;
  unitName: string;
  retentionYears: number | null;
  rights: Rights;
  rightsLabel: string;
  language: string;
  pageTotal: number;
  description: string;
  creatorId: number;
  version: number;
  documents: RecordDocument[];
  files: RecordFile[];
  /** Open, and the caller may attach documents and files and close it. */
  canEdit: boolean;
  canAppraise: boolean;
  appraisal: Appraisal[];
}

export interface OpenRecordInput {
  planItemId: number;
  title?: string;
  description?: string;
  language?: string;
  rights?: Rights;
}

export interface CloseRecordInput {
  title: string;
  description: string;
  language: string;
  rights: Rights;
  version: number;
}

export interface AppraisalInput {
  decision: Decision;
  decisionNumber: string;
  decisionDate: string;
  reason: string;
  extendYears?: number;
}

// --- File plan ---

export function getPlan(year: number, signal?: AbortSignal) {
  return api.get<Plan>('/records/plan', { query: { year }, signal });
}

export function createPlanItem(input: PlanItemInput & { year: number }) {
  return api.post<PlanItem>('/records/plan', input);
}

export function updatePlanItem(id: number, input: PlanItemInput & { version: number }) {
  return apiRequest<PlanItem>('PUT', `/records/plan/${id}`, { json: input });
}

export function deletePlanItem(id: number) {
  return api.delete<void>(`/records/plan/${id}`);
}

export function copyPlan(fromYear: number, toYear: number) {
  return api.post<CopyResult>('/records/plan/copy', { fromYear, toYear });
}

// --- Work records ---

export function listRecords(
  query: { year?: number; state?: RecordState; mine: boolean },
  signal?: AbortSignal,
) {
  return api.get<{ items: RecordSummary[] }>('/records', {
    query: { year: query.year, state: query.state, mine: query.mine },
    signal,
  });
}

export function openRecord(input: OpenRecordInput) {
  return api.post<WorkRecord>('/records', input);
}

export function getRecord(id: number, signal?: AbortSignal) {
  return api.get<WorkRecord>(`/records/${id}`, { signal });
}

export function attachDocument(id: number, documentId: number) {
  return api.post<WorkRecord>(`/records/${id}/documents`, { documentId });
}

export function removeDocument(id: number, documentId: number) {
  return api.delete<WorkRecord>(`/records/${id}/documents/${documentId}`);
}

export function attachFile(id: number, fileId: number) {
  return api.post<WorkRecord>(`/records/${id}/files`, { fileId });
}

/** Where the browser downloads one of the record's files (a plain link: the cookie session). */
export function recordFileUrl(id: number, fileId: number): string {
  return buildUrl(`/records/${id}/files/${fileId}`);
}

export function closeRecord(id: number, input: CloseRecordInput) {
  return api.post<WorkRecord>(`/records/${id}/close`, input);
}

export function listAppraisal(signal?: AbortSignal) {
  return api.get<{ items: RecordSummary[] }>('/records/appraisal', { signal });
}

export function appraise(id: number, input: AppraisalInput) {
  return api.post<WorkRecord>(`/records/${id}/appraisal`, input);
}

// --- What the forms pick from (other resources of the API) ---

/** An uploaded file (POST /documents/files: the raw body is the file, `fileName` its name). */
export interface UploadedFile {
  id: number;
  name: string;
  size: number;
}

export function uploadFile(file: File, signal?: AbortSignal): Promise<UploadedFile> {
  return apiRequest<UploadedFile>('POST', '/documents/files', {
    query: { fileName: file.name },
    body: file,
    contentType: file.type || 'application/octet-stream',
    signal,
  });
}

export interface Colleague {
  id: number;
  fullName: string;
  position: string;
  disabled: boolean;
}

/** The staff of the caller's agency (the responsible person of a plan item). */
export function listColleagues(signal?: AbortSignal) {
  return api.get<{ items: Colleague[] }>('/users', { signal });
}

export interface Unit {
  id: number;
  name: string;
}

export function listUnits(agencyId: number, signal?: AbortSignal) {
  return api.get<{ items: Unit[] }>(`/agencies/${agencyId}/units`, { signal });
}

/** One document a person may put in a record: what the picker shows. */
export interface DocumentChoice {
  id: number;
  direction: 'incoming' | 'outgoing';
  numberText: string;
  subject: string;
  date: string;
}

interface IncomingBrief {
  id: number;
  numberText: string;
  subject: string;
  issuedDate: string;
  arrivalDate: string;
}

interface QueueBrief {
  id: number;
  direction: 'incoming' | 'outgoing';
  numberText: string;
  subject: string;
}

interface RegisterBrief {
  id: number;
  direction: string;
  kind: string;
  active: boolean;
}

interface RegisterEntryBrief {
  documentId: number;
  state: string;
}

interface OutgoingBrief {
  id: number;
  numberText: string;
  subject: string;
  issuedDate: string;
}

const quiet = <T>(promise: Promise<T>, fallback: T): Promise<T> =>
  promise.catch((error: unknown) => {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    return fallback;
  });

/**
 * The documents the caller sees, for the record's picker: the incoming documents (GET
 * /documents/incoming, the newest 200), the outgoing ones in the caller's work queues, and, for
 * those who may read them (clerks, leaders), the outgoing documents numbered this year in the
 * agency's outgoing registers. A source the caller may not read is left out.
 */
export async function listDocumentChoices(
  agencyId: number | null,
  year: number,
  readsRegisters: boolean,
  signal?: AbortSignal,
): Promise<DocumentChoice[]> {
  const incoming = quiet(
    api.get<{ items: IncomingBrief[] }>('/documents/incoming', { query: { limit: 200 }, signal }),
    { items: [] },
  );
  // Only the caller's own outgoing queues that hold something (the counts say which).
  const queues = (async () => {
    const counts = await quiet(
      api.get<{ items: { queue: string; total: number }[] }>('/documents/queues', { signal }),
      { items: [] },
    );
    const outgoing = counts.items.filter(
      (c) => ['review', 'sign', 'issue'].includes(c.queue) && c.total > 0,
    );
    return Promise.all(
      outgoing.map((c) =>
        quiet(
          api.get<{ items: QueueBrief[] }>(`/documents/queues/${c.queue}`, {
            query: { limit: 100 },
            signal,
          }),
          { items: [] },
        ),
      ),
    );
  })();
  const registered = (async (): Promise<OutgoingBrief[]> => {
    if (agencyId === null || !readsRegisters) {
      return [];
    }
    const registers = await quiet(
      api.get<{ items: RegisterBrief[] }>(`/agencies/${agencyId}/document-registers`, { signal }),
      { items: [] },
    );
    const ids = new Set<number>();
    for (const register of registers.items) {
      // A confidential register's documents are never offered in a list (nor readable by most).
      if (
        register.direction !== 'outgoing' ||
        !register.active ||
        register.kind === 'confidential'
      ) {
        continue;
      }
      const entries = await quiet(
        api.get<{ items: RegisterEntryBrief[] }>(`/document-registers/${register.id}/entries`, {
          query: { year },
          signal,
        }),
        { items: [] },
      );
      for (const entry of entries.items) {
        if (entry.state !== 'cancelled') {
          ids.add(entry.documentId);
        }
      }
    }
    const docs = await Promise.all(
      [...ids]
        .slice(-100)
        .map((id) =>
          quiet(
            api.get<OutgoingBrief>(`/documents/outgoing/${id}`, { signal }),
            null as OutgoingBrief | null,
          ),
        ),
    );
    return docs.filter((doc): doc is OutgoingBrief => doc !== null);
  })();

  const [inAnswer, queueAnswers, outDocs] = await Promise.all([incoming, queues, registered]);
  const seen = new Set<string>();
  const out: DocumentChoice[] = [];
  const add = (choice: DocumentChoice) => {
    const key = `${choice.direction}-${choice.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(choice);
    }
  };
  for (const doc of inAnswer.items) {
    add({
      id: doc.id,
      direction: 'incoming',
      numberText: doc.numberText,
      subject: doc.subject,
      date: doc.issuedDate,
    });
  }
  for (const doc of outDocs) {
    add({
      id: doc.id,
      direction: 'outgoing',
      numberText: doc.numberText,
      subject: doc.subject,
      date: doc.issuedDate,
    });
  }
  for (const page of queueAnswers) {
    for (const item of page.items) {
      add({
        id: item.id,
        direction: item.direction,
        numberText: item.numberText,
        subject: item.subject,
        date: '',
      });
    }
  }
  return out;
}

// --- Transfer to the archive (nộp lưu, issue 11 item 2) ---

/** One package of closed records handed to the archive, sealed by the agency. */
export interface ArchiveTransfer {
  id: number;
  /** ISO 8601 with +07:00. */
  createdAt: string;
  createdByName: string;
  recordCount: number;
  fileCount: number;
  fileCodes: string[];
  packageSha256: string;
  packageSize: number;
  fileName: string;
  sealKeyId: string;
  signerSubject: string;
  /** The API path of the ZIP. */
  downloadUrl: string;
}

export function transferRecords(recordIds: number[]) {
  return api.post<ArchiveTransfer>('/records/archive', { recordIds });
}

export function listTransfers(signal?: AbortSignal) {
  return api.get<{ items: ArchiveTransfer[] }>('/records/archive', { signal });
}

/** Where the browser downloads a transfer's package (a plain link: the cookie session). */
export function transferPackageUrl(id: number): string {
  return buildUrl(`/records/archive/${id}/package`);
}
