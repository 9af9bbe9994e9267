// The Decision 766 staff analysis (docs/api.md "/index766/analysis/..."; issue 13 item 9): which
// procedures and which dossiers cost a unit points, and why. Staff only: a leader or counter
// officer sees their own agency; an administrator any agency (`agencyId`) or the province.
import { api } from '../../shared/api/client';
import type { Index766Unit, IndicatorStatus } from './index766-api';
import type { DateRange } from './index766-period';

/** Whose dossiers: an agency (`agencyId`, the caller's by default) or the whole province. */
export interface AnalysisUnit {
  agencyId?: number;
  province?: boolean;
}

export interface AnalysisReason {
  /** finished_late, open_late, not_online, fee_not_paid_online, not_digitized, ... */
  code: string;
  /** In the request's language. */
  label: string;
}

export interface IndicatorLoss {
  code: string;
  name: string;
  nameEn: string;
  group: string;
  max: number;
  status: IndicatorStatus;
  /** Where the loss is traced: to dossiers, to procedures, or only to the unit (PAKN). */
  level: 'dossier' | 'procedure' | 'unit';
  numerator: number;
  denominator: number;
  score: number | null;
  lost: number;
  shortfall: number;
  /** What each dossier or procedure outside the numerator costs. */
  perItem: number;
  /** What no procedure causes (PAKN, a zero denominator scored 0). */
  unattributed: number;
}

export interface ProcedureLoss {
  code: string;
  name: string;
  lost: number;
  reasons: AnalysisReason[];
  indicators: {
    code: string;
    numerator: number;
    denominator: number;
    ratio: number | null;
    lost: number;
  }[];
}

export interface ProcedureAnalysis {
  from: string;
  to: string;
  scope: 'agency' | 'province';
  rulesVersion: string;
  computedAt: string;
  unit: Index766Unit;
  lost: number;
  indicators: IndicatorLoss[];
  /** Most points lost first. */
  procedures: ProcedureLoss[];
}

export interface CostlyDossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  lost: number;
  reasons: (AnalysisReason & { indicator: string })[];
}

export interface DossierAnalysis {
  total: number;
  limit: number;
  offset: number;
  indicator: string | null;
  /** Most points lost first. */
  items: CostlyDossier[];
}

/** The indicators counted dossier by dossier, in the rules' order. */
export const DOSSIER_INDICATORS = [
  'PROGRESS_ON_TIME',
  'ONLINE_DOSSIERS',
  'ONLINE_PAYMENT_DOSSIERS',
  'DOSSIER_RECEIVING_SATISFACTION',
  'ORIGINAL_RESULT_AVAILABLE',
  'SO_HOA_GIAY_TO_GIAI_QUYET',
  'REUSED_DIGITIZED_DATA',
] as const;

function unitQuery(unit: AnalysisUnit) {
  return unit.province
    ? { scope: 'province' }
    : { agencyId: unit.agencyId === undefined ? undefined : unit.agencyId };
}

export function getProcedureAnalysis(
  unit: AnalysisUnit,
  range: DateRange,
  signal?: AbortSignal,
): Promise<ProcedureAnalysis> {
  return api.get<ProcedureAnalysis>('/index766/analysis/procedures', {
    query: { ...unitQuery(unit), from: range.from, to: range.to },
    signal,
  });
}

export function getDossierAnalysis(
  unit: AnalysisUnit,
  range: DateRange,
  page: { indicator?: string; limit: number; offset: number },
  signal?: AbortSignal,
): Promise<DossierAnalysis> {
  return api.get<DossierAnalysis>('/index766/analysis/dossiers', {
    query: {
      ...unitQuery(unit),
      from: range.from,
      to: range.to,
      indicator: page.indicator || undefined,
      limit: page.limit,
      offset: page.offset,
    },
    signal,
  });
}
