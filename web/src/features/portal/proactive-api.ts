// Proactive services on the portal (docs/api.md "Proactive services"; issue 13, item 8): the
// signed-in citizen's offers, one dismissed, a level-2 one's prepared draft opened.

import { api } from '../../shared/api/client';

export interface ProactiveOffer {
  id: number;
  rule: string;
  level: 1 | 2;
  kind: 'resultExpires' | 'obligationDue';
  title: string;
  titleEn: string;
  notice: string;
  noticeEn: string;
  sourceDossierCode: string;
  sourceProcedureCode: string;
  procedureCode: string;
  /** YYYY-MM-DD, a Vietnam calendar day. */
  dueDate: string;
  state: 'open' | 'dismissed' | 'submitted';
  draftId: number | null;
  submittedCode: string | null;
  createdAt: string;
}

export function listOffers(signal?: AbortSignal) {
  return api.get<{ items: ProactiveOffer[] }>('/portal/my/offers', { signal });
}

export function dismissOffer(id: number) {
  return api.post<void>(`/portal/my/offers/${id}/dismiss`, {});
}

/** The offer with its prepared draft (made again when the citizen deleted it). */
export function openOfferDraft(id: number) {
  return api.post<ProactiveOffer>(`/portal/my/offers/${id}/draft`, {});
}
