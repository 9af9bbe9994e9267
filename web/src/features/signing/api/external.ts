import { api, apiRequest, apiRequestBlob, type BlobAnswer } from '../../../shared/api/client';
import { contentTypeOf } from './signatures';

import type { CertificateBinding } from '../../../shared/signing-agent/account';

// Shared with the outgoing-document pages (shared/signing-agent/account.ts).
export {
  type CertificateBinding,
  getAgentInfo,
  listMyCertificates,
  registerCertificate,
  type SigningAgentInfo,
} from '../../../shared/signing-agent/account';

export interface ExternalPreparation {
  id: string;
  /** Base64 SHA-256: what the token signs. */
  digest: string;
  digestAlgorithm: 'SHA-256';
  signatureAlgorithm: 'RSA' | 'ECDSA';
  expiresAt: string;
  fileName: string;
  documentNumber: string;
  contentSha256: string;
  certificateSha256: string;
}

export interface PrepareOptions {
  style?: 'none' | 'signer';
  reason?: string;
  location?: string;
  documentNumber?: string;
}

/** POST /signing/external/prepare: the certificates are base64 DER, the token's first. */
export function prepareTokenSignature(
  file: Blob,
  fileName: string,
  certificates: string[],
  options: PrepareOptions,
): Promise<ExternalPreparation> {
  return apiRequest('POST', '/signing/external/prepare', {
    query: { ...options, fileName },
    body: file,
    contentType: contentTypeOf(file, fileName),
    headers: { 'X-Signing-Certificate': certificates.join(',') },
  });
}

/** POST /signing/external/{id}/complete: the signed file. */
export function completeTokenSignature(
  id: string,
  signature: string,
  fileName: string,
): Promise<BlobAnswer> {
  return apiRequestBlob('POST', `/signing/external/${encodeURIComponent(id)}/complete`, {
    query: { fileName },
    json: { signature },
  });
}

export function listAllCertificates(
  signal?: AbortSignal,
): Promise<{ items: CertificateBinding[] }> {
  return apiRequest('GET', '/signing/certificates', { query: { all: true }, signal });
}

export function confirmCertificate(id: number): Promise<CertificateBinding> {
  return api.post(`/signing/certificates/${id}/confirm`, {});
}

export function removeCertificate(id: number): Promise<void> {
  return api.delete(`/signing/certificates/${id}`);
}
