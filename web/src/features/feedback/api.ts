// Satisfaction ratings and feedback (PAKN) (docs/api.md "Ratings and feedback"; issue 13 item 7).

import { api } from '../../shared/api/client';

export interface CodeLabel {
  code: string;
  label: string;
}

export interface FeedbackOptions {
  version: string;
  levels: (CodeLabel & { unsatisfied: boolean })[];
  criteria: CodeLabel[];
  categories: (CodeLabel & { index766: string })[];
  answerWorkingDays: number;
  ratingWindowDays: number;
  ratingChangeDays: number;
}

export interface Rating {
  overall: CodeLabel;
  unsatisfied: boolean;
  criteria: (CodeLabel & { level: CodeLabel })[];
  comment: string;
  channel: 'link' | 'portal' | 'counter';
  ratedAt: string;
  updatedAt: string;
  changes: number;
  dossierCode?: string;
  ratedBy?: string;
}

export interface RatingView {
  dossier: {
    code: string;
    procedureName: string;
    agencyName: string;
    finished: boolean;
    finishedAt: string;
  };
  rating: Rating | null;
  mayRate: boolean;
  whyNot: string;
  changeableUntil: string;
}

export interface RatingInput {
  overall: string;
  criteria: Record<string, string>;
  comment: string;
}

export type PetitionStateName = 'received' | 'processing' | 'answered';

export interface Petition {
  code: string;
  agencyId: number;
  agencyName: string;
  dossierCode: string;
  category: CodeLabel;
  title: string;
  content: string;
  filer: { name: string; phone: string; email: string };
  state: { name: PetitionStateName; label: string };
  assignee: { id: number; name: string } | null;
  filedAt: string;
  receivedAt: string;
  dueOn: string;
  dueAt: string;
  overdue: boolean;
  answer: string;
  answeredAt: string;
  answeredBy: string;
  answeredLate: boolean;
  published: boolean;
  publicQuestion: string;
  verdict: '' | 'satisfied' | 'unsatisfied';
  verdictComment: string;
  verdictAt: string;
  events: { at: string; action: string; actor: string; agencyName: string; note: string }[];
}

export interface PetitionInput {
  dossierCode?: string;
  check?: string;
  agencyId?: number;
  category: string;
  title: string;
  content: string;
  name: string;
  phone?: string;
  email?: string;
}

export interface PublishedPetition {
  code: string;
  agencyId: number;
  agencyName: string;
  category: CodeLabel;
  publicQuestion: string;
  answer: string;
  filedAt: string;
  answeredAt: string;
}

export interface FeedbackSummary {
  agencyId: number;
  from: string;
  to: string;
  ratings: {
    total: number;
    unsatisfied: number;
    overall: (CodeLabel & { count: number })[];
    criteria: (CodeLabel & { levels: (CodeLabel & { count: number })[] })[];
    channels: Record<string, number>;
    recent: Rating[];
  };
  index766: Record<string, number>;
}

const enc = encodeURIComponent;

export function feedbackOptions(signal?: AbortSignal) {
  return api.get<FeedbackOptions>('/portal/feedback/options', { signal });
}

// The portal: anyone with the dossier's code and check digits.
export function viewRating(code: string, check: string, signal?: AbortSignal) {
  return api.get<RatingView>('/portal/ratings', { query: { code, check }, signal });
}

export function rate(code: string, check: string, input: RatingInput) {
  return api.post<RatingView>('/portal/ratings', { code, check, ...input });
}

// The signed-in citizen, for a dossier of hers: no check digits.
export function viewOwnRating(code: string, signal?: AbortSignal) {
  return api.get<RatingView>('/portal/my/ratings', { query: { code }, signal });
}

export function rateOwn(code: string, input: RatingInput) {
  return api.post<RatingView>('/portal/my/ratings', { code, ...input });
}

export function filePetition(input: PetitionInput) {
  return api.post<Petition>('/portal/feedback', input);
}

export function followPetition(code: string, contact: string) {
  return api.post<Petition>('/portal/feedback/follow', { code, contact });
}

export function sendVerdict(code: string, contact: string, satisfied: boolean, comment: string) {
  return api.post<Petition>(`/portal/feedback/${enc(code)}/verdict`, {
    contact,
    satisfied,
    comment,
  });
}

export function publishedPetitions(
  query: { agencyId?: number; limit?: number; offset?: number },
  signal?: AbortSignal,
) {
  return api.get<{ items: PublishedPetition[]; total: number }>('/portal/feedback/published', {
    query,
    signal,
  });
}

// Staff.
export function petitionQueue(
  query: { state?: string; overdue?: boolean; limit?: number; offset?: number },
  signal?: AbortSignal,
) {
  return api.get<{ items: Petition[]; total: number }>('/feedback/petitions', {
    query: { ...query, overdue: query.overdue ? 'true' : undefined },
    signal,
  });
}

export function getPetition(code: string, signal?: AbortSignal) {
  return api.get<Petition>(`/feedback/petitions/${enc(code)}`, { signal });
}

export function assignPetition(code: string, assigneeId: number) {
  return api.post<Petition>(`/feedback/petitions/${enc(code)}/assign`, { assigneeId });
}

export function answerPetition(
  code: string,
  input: { answer: string; publish: boolean; publicQuestion: string },
) {
  return api.post<Petition>(`/feedback/petitions/${enc(code)}/answer`, input);
}

export function transferPetition(code: string, agencyId: number, reason: string) {
  return api.post<Petition>(`/feedback/petitions/${enc(code)}/transfer`, { agencyId, reason });
}

export function viewRatingAtDesk(code: string, signal?: AbortSignal) {
  return api.get<RatingView>('/feedback/ratings', { query: { code }, signal });
}

export function rateAtDesk(code: string, input: RatingInput) {
  return api.post<RatingView>('/feedback/ratings', { code, ...input });
}

export function feedbackSummary(query: { from: string; to: string }, signal?: AbortSignal) {
  return api.get<FeedbackSummary>('/feedback/summary', { query, signal });
}

export function listStaff(signal?: AbortSignal) {
  return api.get<{ items: { id: number; fullName: string; roles: string[]; disabled: boolean }[] }>(
    '/users',
    { signal },
  );
}

export function listAgencies(signal?: AbortSignal) {
  return api.get<{ items: { id: number; name: string; active: boolean }[] }>('/agencies', {
    signal,
  });
}
