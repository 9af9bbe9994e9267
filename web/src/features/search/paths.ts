// Where the search page lives and where a hit opens. A feature does not import another, so the
// document pages' addresses are written here as the documents feature routes them
// (`/van-ban/den/<id>`, `/van-ban/di/<id>`; the server's notices link to the same addresses).

export const SEARCH_PATH = '/tim-kiem';

/** The search page for `q` (the header's search box goes here). */
export function searchPath(q: string): string {
  const query = q.trim();
  return query ? `${SEARCH_PATH}?${new URLSearchParams({ q: query }).toString()}` : SEARCH_PATH;
}

/** The page of one hit: an incoming or an outgoing document. */
export function documentPath(hit: { id: number; direction: string }): string {
  return hit.direction === 'outgoing' ? `/van-ban/di/${hit.id}` : `/van-ban/den/${hit.id}`;
}
