// Counts for the menu. The queue-counts API is being built in parallel (issue 10, queues) and is
// not on this branch: until the lead re-points this hook at it, the count is the caller's unread
// notices about outgoing documents (each a turn to act: review, sign, number, a return).
import { useAsync } from '../../../shared/lib/use-async';
import { listNotices } from './api/outgoing';
import { OUTGOING_PATH } from './paths';

export interface DocumentCounts {
  /** Outgoing documents waiting for the caller, or undefined while unknown. */
  outgoing: number | undefined;
}

/** A notice's link to one outgoing document (`/van-ban/di/<id>`). */
export function isOutgoingLink(link: string | null): link is string {
  return (
    !!link &&
    link.startsWith(`${OUTGOING_PATH}/`) &&
    /^\d+$/.test(link.slice(OUTGOING_PATH.length + 1))
  );
}

export function useDocumentCounts(enabled = true): DocumentCounts {
  const notices = useAsync((signal) => listNotices(signal), [], enabled);
  if (!notices.data) {
    return { outgoing: undefined };
  }
  const links = new Set(
    notices.data.items.filter((n) => !n.readAt && isOutgoingLink(n.link)).map((n) => n.link),
  );
  return { outgoing: links.size };
}
