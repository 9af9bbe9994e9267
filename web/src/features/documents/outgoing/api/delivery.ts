// Release and delivery between agencies (docs/api.md "Delivery between agencies"): the sender's
// calls. Document actions send If-Match with the document's ETag; a manual send sends the
// delivery's own ETag (its `etag` member), so a 412 always means someone else acted first.
import { api } from '../../../../shared/api/client';
import type { OutgoingDocument } from './types';

/** The delivery states of a document: `released`, then `recalled` or `replaced`. */
export type DeliveredState = 'released' | 'recalled' | 'replaced';

/** The members the delivery routes add to `OutgoingDocument`. */
export interface DeliveryLinks {
  replacesId?: number | null;
  replyToId?: number | null;
  recallReason?: string | null;
}

export type DeliveredDocument = OutgoingDocument & DeliveryLinks;

/** edXML STATUS codes (edxml.md §7.2) plus `waiting` (for the exchange) and `sent` (by hand). */
export type DeliveryStatus =
  'waiting' | 'sent' | '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';

export interface DeliveryHistoryEntry {
  status: DeliveryStatus;
  statusLabel: string;
  at: string;
  actorName: string;
  reason: string;
  moved: boolean;
}

export interface Delivery {
  id: number;
  documentId: number;
  ordinal: number;
  recipientAgencyId: number | null;
  recipientName: string;
  /** The OrganId of a recipient reached through the exchange (issue 14), else empty. */
  recipientCode?: string | null;
  external: boolean;
  status: DeliveryStatus;
  statusLabel: string;
  statusAt: string;
  incomingDocumentId: number | null;
  manualChannel: 'email' | 'paper' | null;
  manualChannelLabel: string | null;
  manualDate: string | null;
  note: string;
  version: number;
  etag: string;
  history: DeliveryHistoryEntry[];
}

const OUT = '/documents/outgoing';
const ifMatch = (d: Pick<OutgoingDocument, 'id' | 'version'>) => ({
  headers: { 'If-Match': `"${d.id}-${d.version}"` },
});

export function release(d: OutgoingDocument): Promise<DeliveredDocument> {
  return api.post(`${OUT}/${d.id}/release`, {}, ifMatch(d));
}

export function recall(d: OutgoingDocument, reason: string): Promise<DeliveredDocument> {
  return api.post(`${OUT}/${d.id}/recall`, { reason }, ifMatch(d));
}

export function listDeliveries(id: number, signal?: AbortSignal): Promise<{ items: Delivery[] }> {
  return api.get(`${OUT}/${id}/deliveries`, { signal });
}

export function manualSend(
  delivery: Delivery,
  body: { channel: 'email' | 'paper'; date: string; note?: string },
): Promise<Delivery> {
  return api.post(`/documents/deliveries/${delivery.id}/manual-send`, body, {
    headers: { 'If-Match': delivery.etag },
  });
}

/**
 * The replacement of a released document (Decree 30/2020 art. 18): a new draft with the same
 * type, recipients, signer and markings, linked to the old one (`replacesId`), made by the
 * server in one step (nothing is left behind when it refuses). Its release later makes the old
 * one `replaced`; the drafter edits and uploads the corrected PDF meanwhile.
 */
export function createReplacement(
  old: OutgoingDocument,
  subject: string,
): Promise<DeliveredDocument> {
  return api.post(`${OUT}/${old.id}/replacement`, { subject });
}
