// The exchange directory for drafts (docs/api.md "Document exchange hub"): agencies outside the
// instance that the hub knows (served by a member system, reached through a peer hub, or seen in
// a package), and whether a route leads to a given code.
import { api } from '../../../shared/api/client';
import type { DirectoryEntry, OutgoingExchange, RouteAnswer } from './types';

export function searchDirectory(
  q: string,
  signal?: AbortSignal,
): Promise<{ items: DirectoryEntry[] }> {
  return api.get('/exchange/directory', { query: { q: q || undefined, limit: 20 }, signal });
}

export function routeTo(code: string, signal?: AbortSignal): Promise<RouteAnswer> {
  return api.get('/exchange/directory/route', { query: { code }, signal });
}

/** The packages an outgoing document went out in, with their deliveries and hops. */
export function getOutgoingExchange(id: number, signal?: AbortSignal): Promise<OutgoingExchange> {
  return api.get(`/documents/outgoing/${id}/exchange`, { signal });
}
