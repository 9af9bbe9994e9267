// The clerk's calls on packages from outside (docs/api.md "Document exchange hub"). Every action
// sends If-Match with the reception's ETag, `"xr-<id>-<version>"` of the copy the page shows: a
// 412 then means another clerk acted first.
import { api, API_BASE } from '../../../shared/api/client';
import type {
  DocumentType,
  ExchangeReception,
  ExchangeReceptionDetail,
  ReceptionFilter,
  ReceptionList,
  RegisterInput,
} from './types';

const REC = '/exchange/receptions';
const ifMatch = (r: Pick<ExchangeReception, 'id' | 'version'>) => ({
  headers: { 'If-Match': `"xr-${r.id}-${r.version}"` },
});

export function listExchangeReceptions(
  status: ReceptionFilter,
  signal?: AbortSignal,
): Promise<ReceptionList> {
  return api.get(REC, { query: { status, limit: 200 }, signal });
}

/** Only the count of packages waiting (the tab's and the menu's badge). */
export async function countWaiting(signal?: AbortSignal): Promise<number> {
  const answer = await api.get<ReceptionList>(REC, {
    query: { status: 'received', limit: 1 },
    signal,
  });
  return answer.waiting;
}

export function getExchangeReception(
  id: number,
  signal?: AbortSignal,
): Promise<ExchangeReceptionDetail> {
  return api.get(`${REC}/${id}`, { signal });
}

/** Same-origin URL of a file of the package (a download link; the cookie goes with it). */
export function packageFileUrl(id: number, index: number): string {
  return `${API_BASE}${REC}/${id}/files/${index}`;
}

export function registerExchangeReception(
  r: ExchangeReception,
  body: RegisterInput,
): Promise<ExchangeReceptionDetail> {
  return api.post(`${REC}/${r.id}/register`, body, ifMatch(r));
}

export function refuseExchangeReception(
  r: ExchangeReception,
  reason: string,
): Promise<ExchangeReceptionDetail> {
  return api.post(`${REC}/${r.id}/refuse`, { reason }, ifMatch(r));
}

/** The answer to the sender's request to recall the document (STATUS 15 or 16 back). */
export function answerRecall(
  r: ExchangeReception,
  accept: boolean,
  reason: string,
): Promise<ExchangeReceptionDetail> {
  const body = reason ? { accept, reason } : { accept };
  return api.post(`${REC}/${r.id}/recall-answer`, body, ifMatch(r));
}

export function listDocumentTypes(signal?: AbortSignal): Promise<{ items: DocumentType[] }> {
  return api.get('/codes/document-types', { signal });
}
