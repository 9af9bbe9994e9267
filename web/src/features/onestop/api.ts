// The procedure catalogue API (docs/api.md "Procedure catalogue"; issue 12 item 1): the
// procedures in force, one procedure with its versions, publishing a version (admins), the
// all-or-nothing import with its per-row report, the export, and the performing agencies.

import { api, apiRequest, buildUrl } from '../../shared/api/client';

export type Level = 'central' | 'province' | 'commune';
export const LEVELS: readonly Level[] = ['central', 'province', 'commune'];
export type ChannelName = 'direct' | 'online' | 'postal';
export type DeadlineUnit = 'working_days' | 'days' | 'working_hours';
export type OnlineLevel = 'information' | 'partial' | 'full';
export type Performer = 'counter' | 'officer' | 'unit_head' | 'leader' | 'other_agency';
export const PERFORMERS: readonly Performer[] = [
  'counter',
  'officer',
  'unit_head',
  'leader',
  'other_agency',
];

export interface Deadline {
  amount: number;
  unit: DeadlineUnit;
  note: string;
  label: string;
}

export interface Fee {
  name: string;
  /** đồng */
  amount: number;
  note: string;
}

export interface ChannelOffer {
  channel: ChannelName;
  /** The national portal's code: 1 direct, 2 online, 3 postal. */
  channelCode: number;
  channelLabel: string;
  deadline: Deadline;
  fees: Fee[];
  description: string;
}

export interface RequiredDocument {
  name: string;
  originals: number;
  copies: number;
  required: boolean;
  replaceableByData: boolean;
  template: string;
  /** A template file was uploaded (download it with templateUrl). */
  hasTemplateFile?: boolean;
}

export interface ProcessStep {
  name: string;
  performer: Performer;
  performerLabel?: string;
  hours: number;
}

export interface ProcessFit {
  channel: ChannelName;
  channelLabel: string;
  deadlineHours: number;
  processHours: number;
  fits: boolean;
}

export interface Procedure {
  code: string;
  nationalCode: string;
  name: string;
  publishedBy: { number: string; date: string };
  level: Level;
  levelLabel: string;
  sector: { code: string; name: string };
  subjects: string[];
  subjectLabels: string[];
  performers: string[];
  channels: ChannelOffer[];
  documents: RequiredDocument[];
  sets: number;
  conditions: string;
  result: { name: string; electronic: boolean };
  legalBasis: string[];
  onlineLevel: OnlineLevel;
  onlineLevelLabel: string;
  interAgency: { name: string; agency: string }[];
  process: ProcessStep[];
  restartOnSupplement: boolean;
  /** Field paths no source confirmed ("channels[0].fees"): shown as "chưa xác minh". */
  unconfirmed: string[];
  sources: string[];
  version: number;
  versionId: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  createdAt: string;
  createdBy: string;
  processHours: number;
  processFits: ProcessFit[];
  agencies?: { id: number; code: string; name: string }[];
}

export interface ProcedureSummary {
  code: string;
  nationalCode: string;
  name: string;
  level: Level;
  levelLabel: string;
  sector: { code: string; name: string };
  onlineLevel: OnlineLevel;
  onlineLevelLabel: string;
  version: number;
  effectiveFrom: string;
  shortestDeadline: Deadline | null;
  agencyCount: number;
  hasUnconfirmed: boolean;
}

export interface ProcedureList {
  items: ProcedureSummary[];
  total: number;
  sectors: { code: string; name: string; count: number }[];
}

export interface ProcedureFilter {
  q?: string;
  level?: Level;
  sector?: string;
  limit?: number;
  offset?: number;
}

export interface ImportRow {
  row: number;
  code: string;
  name: string;
  outcome: 'created' | 'new_version' | 'replaced' | 'unchanged' | null;
  outcomeLabel: string | null;
  errors: { field: string; code: string; message: string }[];
}

export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  created: number;
  newVersions: number;
  replaced: number;
  unchanged: number;
  failed: number;
  rows: ImportRow[];
}

export interface Published {
  outcome: 'created' | 'new_version' | 'replaced' | 'unchanged';
  outcomeLabel: string;
  procedure: Procedure;
}

const enc = encodeURIComponent;

export function listProcedures(filter: ProcedureFilter, signal?: AbortSignal) {
  return api.get<ProcedureList>('/procedures', { query: { ...filter }, signal });
}

export function getProcedure(code: string, signal?: AbortSignal) {
  return api.get<Procedure>(`/procedures/${enc(code)}`, { signal });
}

export function listVersions(code: string, signal?: AbortSignal) {
  return api.get<{ items: Procedure[] }>(`/procedures/${enc(code)}/versions`, { signal });
}

/** A new version of `procedure` (its content as edited) from `effectiveFrom` (YYYY-MM-DD). */
export function publishProcedure(procedure: Procedure, effectiveFrom: string) {
  return apiRequest<Published>('PUT', `/procedures/${enc(procedure.code)}`, {
    json: { ...procedure, effectiveFrom },
  });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The catalogue file (JSON or .xlsx) as it is; the server checks it all (dryRun: no write). */
export function importCatalogue(file: File, dryRun: boolean) {
  const workbook = file.name.toLowerCase().endsWith('.xlsx') || file.type === XLSX;
  return apiRequest<ImportReport>('POST', '/procedures/import', {
    body: file,
    contentType: workbook ? XLSX : 'application/json',
    query: { dryRun: dryRun ? 'true' : undefined },
  });
}

export const EXPORT_URL = buildUrl('/procedures/export');
export const EXPORT_XLSX_URL = buildUrl('/procedures/export', { format: 'xlsx' });

/** A document's template file (public download). */
export function templateUrl(code: string, ordinal: number): string {
  return buildUrl(`/procedures/${enc(code)}/documents/${ordinal}/template`);
}

/** Uploads a document's template (admins): the procedure is published again with it. */
export function uploadTemplate(code: string, ordinal: number, file: File) {
  return apiRequest<Published>('PUT', `/procedures/${enc(code)}/documents/${ordinal}/template`, {
    body: file,
    contentType: 'application/octet-stream',
    query: { name: file.name.replace(/\.[^.]+$/, '') },
  });
}
