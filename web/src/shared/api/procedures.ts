// The procedure catalogue as anyone reads it (docs/api.md "Procedure catalogue"; issues 12 and
// 13): the procedures in force with their facets, one procedure, a document's template. Shared by
// the one-stop desk's pages and the public portal's; writing stays in features/onestop/api.ts.

import { api, buildUrl } from './client';

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
  /** Each facet counts what matches every filter but its own. */
  sectors: { code: string; name: string; count: number }[];
  agencies: { id: number; name: string; count: number }[];
  /** Every life event, in the administrator's order; `label` in the request's language. */
  lifeEvents: { code: string; label: string; count: number }[];
}

export interface ProcedureFilter {
  q?: string;
  level?: Level;
  sector?: string;
  agencyId?: number;
  lifeEvent?: string;
  limit?: number;
  offset?: number;
}

const enc = encodeURIComponent;

export function listProcedures(filter: ProcedureFilter, signal?: AbortSignal) {
  return api.get<ProcedureList>('/procedures', { query: { ...filter }, signal });
}

/** The API path of one procedure (app/first-page.ts starts it early). */
export function procedurePath(code: string): string {
  return `/procedures/${enc(code)}`;
}

export function getProcedure(code: string, signal?: AbortSignal) {
  return api.get<Procedure>(procedurePath(code), { signal });
}

/** A document's template file (public download). */
export function templateUrl(code: string, ordinal: number): string {
  return buildUrl(`/procedures/${enc(code)}/documents/${ordinal}/template`);
}
