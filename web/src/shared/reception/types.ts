// What the three receptions share: documents another agency of this instance sent
// (features/documents/reception), packages from outside through the exchange hub
// (features/exchange) and messages the official mailbox received (features/mail/intake). Each
// receives something and registers it as an incoming document, or refuses (discards) it, the
// same way; the pieces that do it live here (features may not import each other). A feature
// keeps its API calls, its form fields and its words: a shared piece takes the feature's `t`
// for the keys the three catalogues name alike (`Words<...>` below), plain strings otherwise.
import type { ReactNode } from 'react';

import type { MessageParams } from '../i18n/messages';

/**
 * A feature's `t`, as a shared piece sees it: the keys it needs, which the three receptions'
 * catalogues name alike (each keeps its own words for them).
 */
export type Words<K extends string> = (key: K, params?: MessageParams) => string;

/** What an action reports to the page that shows the item. */
export interface ReceptionHost<T> {
  /** The server's new copy of the item after the action. */
  onChanged: (next: T) => void;
  /** 412: another clerk acted first; the page offers a reload. */
  onStale: () => void;
}

/** An incoming document a registration may repeat (409 duplicate-document, `duplicates`). */
export interface DuplicateCandidate {
  id: number;
  arrivalNumber: number;
  arrivalDate: string;
  numberText: string;
  subject: string;
}

/** A source of documents to receive, shown in a tab of its own on the reception page. */
export interface ReceptionSource {
  /** The value of ?nguon= that opens its tab. */
  key: string;
  label: ReactNode;
  content: ReactNode;
}
