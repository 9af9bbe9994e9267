import { API_BASE, api } from '../../../shared/api/client';

/** A notice to the signed-in person (docs/api.md, "Notifications"). */
export interface Notification {
  id: number;
  /** What happened: "documents.assigned", "system.message"... */
  kind: string;
  /** In the language of the request (the UI's language). */
  text: string;
  /** A path inside this web app, or null. */
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  total: number;
  /** Every unread notice of the person, beyond this page. */
  unread: number;
}

export interface MarkReadResult {
  marked: number;
  unread: number;
}

export function listNotifications(
  options: { limit: number; unreadOnly?: boolean },
  signal?: AbortSignal,
): Promise<NotificationPage> {
  return api.get('/notifications', {
    query: { limit: options.limit, unread: options.unreadOnly ? 'true' : undefined },
    signal,
  });
}

export function markNotificationsRead(ids: number[]): Promise<MarkReadResult> {
  return api.post('/notifications/read', { ids });
}

export function markAllNotificationsRead(): Promise<MarkReadResult> {
  return api.post('/notifications/read', { all: true });
}

/**
 * The live stream of the person's notices (text/event-stream): a "ready" event with
 * `{unread}`, then a "notice" event with `{notice, unread}` for each new one, and an "unread"
 * event with `{unread}` when notices were marked read elsewhere. EventSource cannot
 * send Accept-Language, so the language travels in the query.
 */
export function notificationStreamUrl(lang: string): string {
  return `${API_BASE}/notifications/stream?lang=${encodeURIComponent(lang)}`;
}
