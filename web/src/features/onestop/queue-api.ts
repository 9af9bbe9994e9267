// The counter queue API (docs/api.md "Counter queue"; issue 12 item 5): the kiosk's tickets and
// the hall's board (public), the desk's counters, and calling the next number.

import { api } from '../../shared/api/client';

export interface QueueTicket {
  id: number;
  day: string;
  number: number;
  service: string;
  serviceName: string;
  state: 'waiting' | 'called' | 'served' | 'absent';
  stateLabel: string;
  issuedAt: string;
  calledAt: string;
  counter: string;
  calls: number;
  waitingBefore: number;
}

export interface QueueBoard {
  agencyName: string;
  day: string;
  serving: QueueTicket[];
  waiting: number;
  services: { code: string; name: string }[];
}

export interface QueueCounter {
  id: number;
  name: string;
  services: string[];
  active: boolean;
}

export interface QueueDesk {
  counter: QueueCounter;
  current: QueueTicket | null;
  waiting: number;
}

const enc = encodeURIComponent;

export function queueBoard(agencyCode: string, signal?: AbortSignal) {
  return api.get<QueueBoard>(`/queue/${enc(agencyCode)}/board`, { signal });
}

export function takeTicket(agencyCode: string, service: string) {
  return api.post<QueueTicket>(`/queue/${enc(agencyCode)}/tickets`, { service });
}

export function listCounters(signal?: AbortSignal) {
  return api.get<{ items: QueueCounter[]; agencyCode: string }>('/queue/counters', { signal });
}

export function addCounter(name: string, services: string[]) {
  return api.post<QueueCounter>('/queue/counters', { name, services });
}

export function counterDesk(id: number, signal?: AbortSignal) {
  return api.get<QueueDesk>(`/queue/counters/${id}`, { signal });
}

export function deskAction(id: number, action: 'call-next' | 'recall' | 'absent') {
  return api.post<QueueDesk>(`/queue/counters/${id}/${action}`, {});
}
