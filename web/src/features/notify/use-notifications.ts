import { useCallback, useEffect, useRef, useState } from 'react';

import { useLanguage } from '../../shared/i18n/use-language';
import { listNotifications, type NotificationPage } from './api/notifications';

/** How many notices the bell shows: the latest ones. */
export const LATEST_COUNT = 10;
/** The bell asks again this often while the tab is visible. */
const POLL_MS = 60_000;

export interface NotificationsState {
  page: NotificationPage | undefined;
  error: unknown;
  refresh: () => void;
  /** Takes an answer of a mark-read call (the unread count it reports) without a new request. */
  setUnread: (unread: number) => void;
}

/**
 * The signed-in person's latest notices and unread count: loaded at once, again every 60 s while
 * the tab is visible, when the tab becomes visible again, and when the UI's language changes (the
 * server writes each notice's text in the request's language). A hidden tab does not poll.
 */
export function useNotifications(enabled: boolean): NotificationsState {
  const { lang } = useLanguage();
  const [page, setPage] = useState<NotificationPage | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
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
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') {
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
      document.removeEventListener('visibilitychange', onVisible);
      latest.current?.abort();
    };
  }, [enabled, lang, refresh]);

  return { page, error, refresh, setUnread };
}
