// The one way the front end talks to the cqdt API (docs/api.md).
//
// - Cookie session: fetch runs with credentials 'same-origin'.
// - CSRF: every state-changing request carries X-CSRF-Token with the token from the session
//   (login answer or GET /auth/session), which the auth context stores here.
// - Errors arrive as application/problem+json (RFC 9457) and become an ApiError that keeps the
//   whole problem (extensions such as `rows` of the agency import included) and its field errors.
// - Every request carries Accept-Language with the UI's language, so the messages the server
//   writes (problem details, verification reports) come in the language the person reads.
// - A first page's GETs may start before React and antd are even evaluated (startEarlyGet, from
//   app/first-page.ts): the page's own identical GET, made soon after, takes that answer instead
//   of asking again.

export const API_BASE = '/api/v1';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** The short name of the problem type: `validation`, `conflict`, `unauthenticated`... */
  get kind(): string {
    const prefix = 'urn:cqdt:problem:';
    return this.problem.type.startsWith(prefix)
      ? this.problem.type.slice(prefix.length)
      : this.problem.type;
  }

  get fieldErrors(): FieldError[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** True when the request never reached a server that answered (offline, aborted, DNS...). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network', { cause });
    this.name = 'NetworkError';
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let acceptLanguage = 'vi';

/** The UI's language, sent as Accept-Language (the language provider keeps it current). */
export function setRequestLanguage(lang: 'vi' | 'en'): void {
  acceptLanguage = lang === 'en' ? 'en, vi;q=0.5' : 'vi';
}

type UnauthenticatedListener = () => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/** Called when an authenticated call answers 401: the session ended (expired, logged out elsewhere). */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body (serialised here) or a raw body with `contentType`. */
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
  /** Extra request headers (e.g. X-Signing-Secret). */
  headers?: Record<string, string>;
  /** Do not tell the auth context about a 401 (login, session probe). */
  quietUnauthenticated?: boolean;
}

/** A binary answer (a signed file, a PDF report) with the name the server proposes. */
export interface BlobAnswer {
  blob: Blob;
  contentType: string;
  /** From Content-Disposition (filename*, then filename), or null. */
  fileName: string | null;
}

const STATE_CHANGING: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = `${API_BASE}${path}`;
  if (!query) {
    return url;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.append(key, String(value));
    }
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

const JSON_ACCEPT = 'application/json, application/problem+json';

// GETs started early, by URL and language, each taken at most once and only while fresh: a page
// opened later (another route, a reload of the data) asks the server again.
const EARLY_GET_FRESH_MS = 10_000;
const earlyGets = new Map<string, { at: number; response: Promise<Response> }>();
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * Starts `GET path` now, as apiRequest would send it, for a page about to ask for it (the first
 * page's data, fetched while its JavaScript is still loading). Harmless when nothing takes it.
 */
export function startEarlyGet(path: string, query?: Record<string, QueryValue>): void {
  const url = buildUrl(path, query);
  // Read whole at once: an answer nobody takes (the person left the page first) must not stay
  // half-read, holding one of the browser's few connections to the server.
  const response = fetch(url, {
    headers: { Accept: JSON_ACCEPT, 'Accept-Language': acceptLanguage },
    credentials: 'same-origin',
  }).then(async (answer) => {
    const body = await answer.arrayBuffer();
    const { status, statusText, headers } = answer;
    return new Response(NULL_BODY_STATUSES.has(status) ? null : body, {
      status,
      statusText,
      headers,
    });
  });
  // Nobody may take it: its failure must not surface as an unhandled rejection.
  response.catch(() => undefined);
  earlyGets.set(`${acceptLanguage}\n${url}`, { at: performance.now(), response });
}

function takeEarlyGet(url: string, accept: string): Promise<Response> | null {
  if (accept !== JSON_ACCEPT) {
    return null;
  }
  const key = `${acceptLanguage}\n${url}`;
  const early = earlyGets.get(key);
  if (!early) {
    return null;
  }
  earlyGets.delete(key);
  return performance.now() - early.at <= EARLY_GET_FRESH_MS ? early.response : null;
}

async function send(
  method: HttpMethod,
  path: string,
  options: RequestOptions,
  accept: string,
): Promise<Response> {
  const url = buildUrl(path, options.query);
  const early =
    method === 'GET' && !options.headers && !options.signal?.aborted
      ? takeEarlyGet(url, accept)
      : null;
  const headers = new Headers({ Accept: accept, 'Accept-Language': acceptLanguage });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers.set(name, value);
  }
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    body = options.body;
    if (options.contentType) {
      headers.set('Content-Type', options.contentType);
    }
  }
  if (STATE_CHANGING.has(method) && csrfToken) {
    headers.set('X-CSRF-Token', csrfToken);
  }

  let response: Response;
  try {
    response = await (early ??
      fetch(url, {
        method,
        headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      }));
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') {
      throw cause;
    }
    throw new NetworkError(cause);
  }

  if (!response.ok) {
    const problem = await readProblem(response, path);
    if (problem.status === 401 && !options.quietUnauthenticated) {
      for (const listener of unauthenticatedListeners) {
        listener();
      }
    }
    throw new ApiError(problem);
  }
  return response;
}

export async function apiRequest<T>(
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const response = await send(method, path, options, JSON_ACCEPT);
  if (response.status === 204) {
    return undefined as T;
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    return (await response.json()) as T;
  }
  return (await response.text()) as T;
}

/** Like apiRequest, for answers that are files: problems still become an ApiError. */
export async function apiRequestBlob(
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<BlobAnswer> {
  const response = await send(method, path, options, '*/*');
  const blob = await response.blob();
  return {
    blob,
    contentType: response.headers.get('Content-Type') ?? blob.type,
    fileName: fileNameOf(response.headers.get('Content-Disposition')),
  };
}

/** The file name of a Content-Disposition header: RFC 6266 filename* (UTF-8) first. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) {
    return null;
  }
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Badly encoded: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name || null;
}

async function readProblem(response: Response, path: string): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    instance: `${API_BASE}${path}`,
  };
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) {
    return fallback;
  }
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') {
      const problem = { ...fallback, ...(parsed as Partial<Problem>) } as Problem;
      problem.status = response.status;
      return problem;
    }
  } catch {
    // An unreadable body keeps the fallback problem.
  }
  return fallback;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, json?: unknown, options?: RequestOptions) =>
    apiRequest<T>('POST', path, { ...options, json }),
  patch: <T>(path: string, json?: unknown, options?: RequestOptions) =>
    apiRequest<T>('PATCH', path, { ...options, json }),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
};
