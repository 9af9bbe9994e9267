// The Decision 766 service-quality index as anyone reads it (GET /api/v1/index766, public, no
// account): the province's local estimate and every receiving agency's, ranked by score, with the
// score of each group and indicator (chi-so-766.md §2-§6). The official score is the national
// portal's; this one is computed here with the same rules.
import { api } from '../../shared/api/client';
import type { DateRange } from './index766-period';

export type GroupCode =
  'transparency' | 'progress' | 'online' | 'payment' | 'satisfaction' | 'digitization';

/**
 * scored: computed from the dossiers of the period; no_data: nothing to count in the period;
 * not_applicable: a province-only indicator of a commune (awarded its maximum); external: data
 * only the national portal holds (not counted in the unit's maxScore).
 */
export type IndicatorStatus = 'scored' | 'no_data' | 'not_applicable' | 'external';

export interface Index766Indicator {
  code: string;
  name: string;
  nameEn: string;
  max: number;
  numerator: number | null;
  denominator: number | null;
  /** 0..1 (may exceed 1 only if the rules allow it); null when there is nothing to divide. */
  ratio: number | null;
  score: number | null;
  status: IndicatorStatus;
}

export interface Index766Group {
  code: GroupCode;
  name: string;
  nameEn: string;
  max: number;
  score: number | null;
  indicators: Index766Indicator[];
}

/** The agency's level; other values may come (a service centre answers "other"). */
export type UnitLevel = 'province' | 'commune' | 'department' | (string & {});

export interface Index766Unit {
  agencyId: number;
  agencyName: string;
  level: UnitLevel;
  /** 1 = best; null for the province as a whole. */
  rank: number | null;
  /** The sum of the scored indicators, 2 decimals. */
  score: number;
  /** The sum of the maxima of the scored and not-applicable indicators. */
  maxScore: number;
  groups: Index766Group[];
}

export interface Index766 {
  from: string;
  to: string;
  rulesVersion: string;
  /** ISO 8601 with its offset. */
  computedAt: string;
  province: Index766Unit;
  /** Ranked by score, best first. */
  units: Index766Unit[];
}

export function getIndex766(range: DateRange, signal?: AbortSignal): Promise<Index766> {
  return api.get<Index766>('/index766', { query: { from: range.from, to: range.to }, signal });
}
