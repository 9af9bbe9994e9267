// The browser's side of the local signing agent (`cqdt agent`, docs/signing-agent.md): it runs on
// the official's own computer at 127.0.0.1 and signs digests with their USB token after they
// confirm in its window. The pairing token it hands out once is kept in this browser's
// localStorage, per agent address.

export interface AgentCertificate {
  id: string;
  tokenLabel: string;
  label: string;
  pinPad: boolean;
  subject: string;
  commonName: string;
  organization: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  /** Base64 DER. */
  certificate: string;
  chain: string[];
}

export interface AgentSignItem {
  /** Base64 SHA-256. */
  digest: string;
  name: string;
  number?: string;
}

/** The agent answered with a problem (refused, wrong PIN, not paired...). */
export class AgentError extends Error {
  readonly status: number;
  readonly kind: string;
  constructor(status: number, kind: string, detail: string) {
    super(detail);
    this.name = 'AgentError';
    this.status = status;
    this.kind = kind;
  }
}

/** The agent could not be reached at all (not installed, not running). */
export class AgentUnreachable extends Error {
  constructor(cause: unknown) {
    super('agent-unreachable', { cause });
    this.name = 'AgentUnreachable';
  }
}

const storageKey = (agentUrl: string) => `cqdt.agent.pairing:${agentUrl}`;

export function storedPairing(agentUrl: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(agentUrl));
  } catch {
    return null;
  }
}

function storePairing(agentUrl: string, token: string | null) {
  try {
    if (token) {
      window.localStorage.setItem(storageKey(agentUrl), token);
    } else {
      window.localStorage.removeItem(storageKey(agentUrl));
    }
  } catch {
    // private mode: pairing lasts for this page only
  }
}

async function call<T>(
  agentUrl: string,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; timeoutMs: number; pairing?: boolean },
): Promise<T> {
  const headers: Record<string, string> = {};
  const token = init.pairing ? storedPairing(agentUrl) : null;
  if (token) {
    headers['X-Cqdt-Agent-Token'] = token;
  }
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(`${agentUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'omit',
      signal: AbortSignal.timeout(init.timeoutMs),
    });
  } catch (cause) {
    throw new AgentUnreachable(cause);
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const problem = (json ?? {}) as { type?: string; detail?: string; title?: string };
    const kind = (problem.type ?? '').replace('urn:cqdt:problem:', '');
    if (response.status === 401) {
      storePairing(agentUrl, null); // the stored token is stale: pair again
    }
    throw new AgentError(response.status, kind, problem.detail ?? problem.title ?? text);
  }
  return json as T;
}

export interface AgentStatus {
  product: string;
  version: string;
  paired: boolean;
}

/** Is the agent running, and does it know this browser? Quick: 3 s. */
export function agentStatus(agentUrl: string): Promise<AgentStatus> {
  return call(agentUrl, '/v1/status', { timeoutMs: 3000, pairing: true });
}

/** Asks the agent to pair; the official answers in the agent's window (up to 2 minutes). */
export async function pairAgent(agentUrl: string): Promise<void> {
  const answer = await call<{ token: string }>(agentUrl, '/v1/pair', {
    method: 'POST',
    body: {},
    timeoutMs: 150_000,
  });
  storePairing(agentUrl, answer.token);
}

export async function agentCertificates(agentUrl: string): Promise<AgentCertificate[]> {
  const answer = await call<{ items: AgentCertificate[] }>(agentUrl, '/v1/certificates', {
    timeoutMs: 30_000,
    pairing: true,
  });
  return answer.items;
}

/** One confirmation and one PIN for every item; the signatures come back in order (base64). */
export async function agentSign(
  agentUrl: string,
  certificateId: string,
  items: AgentSignItem[],
): Promise<string[]> {
  const answer = await call<{ signatures: string[] }>(agentUrl, '/v1/sign', {
    method: 'POST',
    body: { certificateId, items },
    timeoutMs: 11 * 60_000,
    pairing: true,
  });
  return answer.signatures;
}

/** Lower-case hex SHA-256 of a base64 DER certificate (the server's binding fingerprint). */
export async function fingerprintOf(base64Der: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64Der), (c) => c.charCodeAt(0));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
