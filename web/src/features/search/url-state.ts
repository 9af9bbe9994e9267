// The search page keeps its query, filters and page in its address (`/tim-kiem?q=…&state=…`), so
// a search can be bookmarked, shared, and gone back to. The parameters carry the API's names.

import type { SearchQuery } from './api';

export const PAGE_SIZE = 20;
/**
 * A search reads at most the newest 2,000 matches (docs/api.md: `offset` 0..1999, `more` when
 * there are more): the last page that can be reached.
 */
export const SEARCH_WINDOW = 2000;
export const MAX_PAGE = Math.ceil(SEARCH_WINDOW / PAGE_SIZE);

export const FILTER_KEYS = [
  'direction',
  'typeOrdinal',
  'state',
  'urgency',
  'from',
  'to',
  'recordId',
  'registerId',
] as const;

export type FilterKey = (typeof FILTER_KEYS)[number];

export type SearchState = Omit<SearchQuery, 'limit' | 'offset'> & { page: number };

export function readSearchState(params: URLSearchParams): SearchState {
  const get = (key: string) => (params.get(key) ?? '').trim();
  const page = Number.parseInt(get('page'), 10);
  return {
    q: params.get('q') ?? '',
    direction: get('direction'),
    typeOrdinal: get('typeOrdinal'),
    state: get('state'),
    urgency: get('urgency'),
    from: get('from'),
    to: get('to'),
    registerId: get('registerId'),
    recordId: get('recordId'),
    page: Number.isFinite(page) && page > 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

export function toQuery(state: SearchState): SearchQuery {
  const { page, ...rest } = state;
  return { ...rest, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}

/** The address parameters of `state`: empty values and page 1 left out. */
export function writeSearchState(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) {
    params.set('q', state.q.trim());
  }
  for (const key of FILTER_KEYS) {
    if (state[key]) {
      params.set(key, state[key]);
    }
  }
  if (state.page > 1) {
    params.set('page', String(state.page));
  }
  return params;
}

/** `state` with `changes` applied, back on page 1 (a new query or filter starts over). */
export function withChanges(state: SearchState, changes: Partial<SearchState>): SearchState {
  return { ...state, page: 1, ...changes };
}

export function hasFilters(state: SearchState): boolean {
  return FILTER_KEYS.some((key) => !!state[key]);
}

/** `state` without its filters (the query stays). */
export function withoutFilters(state: SearchState): SearchState {
  const cleared = { ...state, page: 1 };
  for (const key of FILTER_KEYS) {
    cleared[key] = '';
  }
  return cleared;
}
