// The server's side of the local signing agent (docs/api.md "Personal signatures with the user's
// own USB token"): where the browser finds the agent, and the caller's certificate bindings. The
// personal signing page and the outgoing-document pages use the same calls.
import { api } from '../api/client';

/** GET /signing/agent: where the browser finds the local signing agent. */
export interface SigningAgentInfo {
  agentUrl: string;
  installUrl: string;
  preparationTtlSeconds: number;
}

export function getAgentInfo(signal?: AbortSignal): Promise<SigningAgentInfo> {
  return api.get('/signing/agent', { signal });
}

export interface CertificateBinding {
  id: number;
  userId: number;
  username: string;
  fingerprintSha256: string;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  status: 'pending' | 'confirmed';
  hasImage: boolean;
  registeredAt: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
}

export function listMyCertificates(signal?: AbortSignal): Promise<{ items: CertificateBinding[] }> {
  return api.get('/signing/certificates', { signal });
}

export function registerCertificate(
  certificate: string,
  image?: string,
): Promise<CertificateBinding> {
  return api.post('/signing/certificates', { certificate, image });
}
