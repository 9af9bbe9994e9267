// The administrators' calls on the hub (docs/api.md "Document exchange hub"): partners (a
// member's secret comes once, in the answer that made or renewed it), packages with their
// deliveries and trace, deliveries by state and their replay, queues.
import { api, API_BASE, apiRequest } from '../../../shared/api/client';
import type {
  HubDelivery,
  HubMessage,
  HubMessageDetail,
  HubQueue,
  MessageFilter,
  Partner,
  PartnerInput,
  TransportState,
} from './types';

export function listPartners(signal?: AbortSignal): Promise<{ items: Partner[] }> {
  return api.get('/exchange/partners', { signal });
}

export function createPartner(input: PartnerInput): Promise<Partner> {
  return api.post('/exchange/partners', input);
}

export function updatePartner(id: number, input: PartnerInput): Promise<Partner> {
  return apiRequest('PUT', `/exchange/partners/${id}`, { json: input });
}

export function rotateSecret(id: number): Promise<Partner> {
  return api.post(`/exchange/partners/${id}/secret`, {});
}

export function listMessages(
  filter: MessageFilter,
  limit: number,
  offset: number,
  signal?: AbortSignal,
): Promise<{ items: HubMessage[] }> {
  return api.get('/exchange/messages', {
    query: { filter: filter || undefined, limit, offset },
    signal,
  });
}

export function getMessage(id: number, signal?: AbortSignal): Promise<HubMessageDetail> {
  return api.get(`/exchange/messages/${id}`, { signal });
}

/** Same-origin URL of the package file as the hub keeps it (a download link). */
export function packageUrl(id: number): string {
  return `${API_BASE}/exchange/messages/${id}/package`;
}

export function listDeliveries(
  state: TransportState,
  signal?: AbortSignal,
): Promise<{ items: HubDelivery[] }> {
  return api.get('/exchange/deliveries', { query: { state, limit: 200 }, signal });
}

export function replayDelivery(id: number): Promise<HubDelivery> {
  return api.post(`/exchange/deliveries/${id}/replay`, {});
}

export function listQueues(signal?: AbortSignal): Promise<{ items: HubQueue[] }> {
  return api.get('/exchange/queues', { signal });
}
