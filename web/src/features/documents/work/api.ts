// The work queues API (docs/api.md "Work queues, delegation and comments"): every queue's counts
// in one call, one queue's items paged, and the reception queue's count (documents sent by other
// agencies, waiting for the clerk).

import { api } from '../../../shared/api/client';

export type QueueId =
  'process' | 'coordinate' | 'info' | 'instruct' | 'review' | 'sign' | 'issue' | 'register';

export const QUEUE_IDS: readonly QueueId[] = [
  'process',
  'coordinate',
  'info',
  'instruct',
  'review',
  'sign',
  'issue',
  'register',
];

/** Queues of incoming documents; the others hold outgoing ones. */
export const INCOMING_QUEUES: ReadonlySet<QueueId> = new Set([
  'process',
  'coordinate',
  'info',
  'instruct',
  'register',
]);

export function isQueueId(value: string | undefined): value is QueueId {
  return !!value && (QUEUE_IDS as readonly string[]).includes(value);
}

export interface QueueCount {
  queue: QueueId;
  label: string;
  total: number;
  dueSoon: number;
  overdue: number;
}

export interface QueueItem {
  id: number;
  direction: 'incoming' | 'outgoing';
  state: string;
  stateLabel: string;
  numberText: string;
  arrivalNumber: number | null;
  subject: string;
  senderName: string;
  urgency: string;
  urgencyLabel: string;
  confidentiality: string;
  dueDate: string;
  dueSoon: boolean;
  overdue: boolean;
  updatedAt: string;
  version: number;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
}

export type QueueFlag = '' | 'due_soon' | 'overdue';

export function getQueueCounts(signal?: AbortSignal) {
  return api.get<{ items: QueueCount[] }>('/documents/queues', { signal });
}

export function getQueue(
  queue: QueueId,
  query: { flag?: QueueFlag; limit: number; offset?: number },
  signal?: AbortSignal,
) {
  return api.get<QueuePage>(`/documents/queues/${queue}`, {
    query: { flag: query.flag || undefined, limit: query.limit, offset: query.offset ?? 0 },
    signal,
  });
}

export interface ReceptionCount {
  received: number;
  recallRequested: number;
}

export function getReceptionCount(signal?: AbortSignal) {
  return api.get<ReceptionCount>('/documents/receptions/count', { signal });
}

/** The part of a reception (docs/api.md `Reception`) the home page shows. */
export interface ReceptionBrief {
  id: number;
  status: string;
  statusLabel: string;
  statusAt: string;
  senderName: string;
  document: {
    numberText: string;
    subject: string;
    urgency: string;
    urgencyLabel: string;
    confidentiality: string;
  };
}

export function listPendingReceptions(limit: number, signal?: AbortSignal) {
  return api.get<{ items: ReceptionBrief[] }>('/documents/receptions', {
    query: { status: 'pending', limit },
    signal,
  });
}

/** Where one item of a queue opens. */
export function queueItemPath(item: Pick<QueueItem, 'id' | 'direction'>): string {
  return item.direction === 'outgoing' ? `/van-ban/di/${item.id}` : `/van-ban/den/${item.id}`;
}

export const RECEPTIONS_PATH = '/van-ban/tiep-nhan';
export const receptionPath = (id: number) => `${RECEPTIONS_PATH}/${id}`;
export const queuePath = (queue: QueueId | 'reception') => `/viec/${queue}`;
