// Document search (docs/api.md "Document search (issue 11, item 3)"): GET /search with the query,
// filters and paging; the answer has the page of hits (each with a snippet as parts, the hits
// marked), the total and the facet counts of the query and filters. The work records of the
// "Hồ sơ công việc" filter come from GET /records.

import { api } from '../../shared/api/client';

export type Direction = 'incoming' | 'outgoing';

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  id: number;
  direction: Direction;
  directionLabel: string;
  typeOrdinal: number;
  typeLabel: string;
  numberText: string;
  subject: string;
  senderName: string;
  signerName: string;
  issuedDate: string;
  arrivalDate: string;
  state: string;
  stateLabel: string;
  urgency: string;
  urgencyLabel: string;
  confidentiality: string;
  fileNotation: string;
  /** Where the snippet comes from: subject, sender, signer, numberText, comment, text, ... */
  field: string;
  snippet: SnippetPart[];
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export type FacetName = 'direction' | 'type' | 'state' | 'urgency';

export interface SearchResult {
  items: SearchHit[];
  /** The matches counted: at most the newest 2,000. */
  total: number;
  /** There are more matches than `total`: the person should narrow the query. */
  more?: boolean;
  facets: Record<FacetName, FacetValue[]>;
}

/**
 * The query and filters as the API names them, as the page's address holds them ("" = not set):
 * sent as they are, so a value the server refuses comes back as its 422 naming the field.
 */
export interface SearchQuery {
  q: string;
  direction: string;
  typeOrdinal: string;
  state: string;
  urgency: string;
  /** YYYY-MM-DD, over the issue date (the arrival date when there is none). */
  from: string;
  to: string;
  registerId: string;
  recordId: string;
  limit: number;
  offset: number;
}

export function searchDocuments(query: SearchQuery, signal?: AbortSignal) {
  return api.get<SearchResult>('/search', {
    query: {
      q: query.q || undefined,
      direction: query.direction || undefined,
      typeOrdinal: query.typeOrdinal || undefined,
      state: query.state || undefined,
      urgency: query.urgency || undefined,
      from: query.from || undefined,
      to: query.to || undefined,
      registerId: query.registerId || undefined,
      recordId: query.recordId || undefined,
      limit: query.limit,
      offset: query.offset || undefined,
    },
    signal,
  });
}

/** The part of a work record (docs/api.md `WorkRecordSummary`) the record filter shows. */
export interface RecordOption {
  id: number;
  fileNotation: string;
  title: string;
  state: string;
}

/** The work records the caller may see, every year. */
export function listRecords(signal?: AbortSignal) {
  return api.get<{ items: RecordOption[] }>('/records', { signal });
}
