import { useCallback, useEffect, useRef, useState } from 'react';

import { useLanguage } from '../../shared/i18n/use-language';
import {
  listNotifications,
  type Notification,
  type NotificationPage,
  notificationStreamUrl,
} from './api/notifications';

/** How many notices the bell shows: the latest ones. */
export const LATEST_COUNT = 10;
/** Without a live stream, the bell asks again this often while the tab is visible. */
const POLL_MS = 60_000;
/** After the server refused or ended the stream for good, a new one is tried this much later. */
const REOPEN_MS = 30_000;

export interface NotificationsState {
  page: NotificationPage | undefined;
  error: unknown;
  refresh: () => void;
  /** Takes an answer of a mark-read call (the unread count it reports) without a new request. */
  setUnread: (unread: number) => void;
  /** The latest notice that arrived live (for a polite announcement), or undefined. */
  arrived: Notification | undefined;
}

/** Adds a notice that arrived live to the page, newest first, once. */
function withNotice(page: NotificationPage, notice: Notification, unread: number) {
  if (page.items.some((n) => n.id === notice.id)) {
    return { ...page, unread };
  }
  const items = [notice, ...page.items].slice(0, LATEST_COUNT);
  return { items, total: page.total + 1, unread };
}

/**
 * The signed-in person's latest notices and unread count: loaded at once, then kept live by the
 * server-sent event stream (GET /api/v1/notifications/stream): a new notice appears without a
 * reload. The browser's EventSource reconnects by itself after a lost connection and sends the
 * last notice id it got, so the server replays what was missed; the list is loaded again
 * whenever the stream (re)opens. Should the server refuse the stream (too many open, signed
 * out), a new one is tried after 30 s, and meanwhile the list is asked for every 60 s while the
 * tab is visible. Also loaded again when the tab becomes visible, and when the UI's language
 * changes (the server writes each notice's text in the request's language).
 */
export function useNotifications(enabled: boolean): NotificationsState {
  const { lang } = useLanguage();
  const [page, setPage] = useState<NotificationPage | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [arrived, setArrived] = useState<Notification | undefined>(undefined);
  const latest = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    latest.current?.abort();
    const controller = new AbortController();
    latest.current = controller;
    listNotifications({ limit: LATEST_COUNT }, controller.signal).then(
      (answer) => {
        if (!controller.signal.aborted) {
          setPage(answer);
          setError(undefined);
        }
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) {
          setError(failure);
        }
      },
    );
  }, []);

  const setUnread = useCallback((unread: number) => {
    setPage((current) => (current ? { ...current, unread } : current));
  }, []);

  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    refresh();
    let source: EventSource | null = null;
    let reopen: number | undefined;
    const open = () => {
      if (typeof EventSource === 'undefined') {
        return;
      }
      const stream = new EventSource(notificationStreamUrl(lang));
      source = stream;
      // Opened or reopened: what happened meanwhile is in the list.
      stream.addEventListener('ready', () => refresh());
      // Marked read in another tab: the list (which shows what is read) and the count follow.
      stream.addEventListener('unread', () => refresh());
      stream.addEventListener('notice', (event) => {
        try {
          const data = JSON.parse((event as MessageEvent<string>).data) as {
            notice: Notification;
            unread: number;
          };
          setPage((current) => (current ? withNotice(current, data.notice, data.unread) : current));
          setArrived(data.notice);
        } catch {
          refresh();
        }
      });
      stream.onerror = () => {
        // CONNECTING: the browser retries by itself. CLOSED: the server said no (an HTTP error).
        if (stream.readyState === EventSource.CLOSED) {
          stream.close();
          source = null;
          reopen = window.setTimeout(open, REOPEN_MS);
        }
      };
    };
    open();
    const timer = window.setInterval(() => {
      const live = source !== null && source.readyState === EventSource.OPEN;
      if (!live && document.visibilityState === 'visible') {
        refresh();
      }
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') {
        refresh();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(reopen);
      source?.close();
      document.removeEventListener('visibilitychange', onVisible);
      latest.current?.abort();
    };
  }, [enabled, lang, refresh]);

  return { page, error, refresh, setUnread, arrived };
}
