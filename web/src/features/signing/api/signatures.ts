import { api, apiRequest, apiRequestBlob, type BlobAnswer } from '../../../shared/api/client';
import type {
  AppearanceStyle,
  Crl,
  SignKind,
  SigningKey,
  TrustAnchor,
  TrustPurpose,
  VerificationReport,
} from './types';

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  xml: 'application/xml',
  p7s: 'application/pkcs7-signature',
  p7m: 'application/pkcs7-mime',
  pem: 'application/x-pem-file',
  crt: 'application/pkix-cert',
  cer: 'application/pkix-cert',
  der: 'application/pkix-cert',
  crl: 'application/pkix-crl',
};

/** The Content-Type to send a file with: the browser's, else from its extension, else binary. */
export function contentTypeOf(file: Blob, name: string): string {
  if (file.type) {
    return file.type;
  }
  const extension = name.toLowerCase().split('.').pop() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * POST /signatures/verify: the report of every signature in the file (public). A detached .p7s
 * is checked against `contentSha256`, the SHA-256 (hex) of the signed file.
 */
export function verifyFile(
  file: Blob,
  fileName: string,
  signal?: AbortSignal,
  contentSha256?: string,
): Promise<VerificationReport> {
  return apiRequest('POST', '/signatures/verify', {
    query: { fileName, contentSha256 },
    body: file,
    contentType: contentTypeOf(file, fileName),
    signal,
  });
}

/** The same verification, answered as a PDF report. */
export function verifyFileAsPdf(
  file: Blob,
  fileName: string,
  contentSha256?: string,
): Promise<BlobAnswer> {
  return apiRequestBlob('POST', '/signatures/verify', {
    query: { fileName, format: 'pdf', contentSha256 },
    body: file,
    contentType: contentTypeOf(file, fileName),
  });
}

export function listSigningKeys(signal?: AbortSignal): Promise<{ items: SigningKey[] }> {
  return api.get('/signing/keys', { signal });
}

export interface SignOptions {
  key: string;
  kind?: SignKind;
  style?: AppearanceStyle;
  reason?: string;
  location?: string;
  documentNumber?: string;
  /** The key's password or PIN: sent only in the X-Signing-Secret header, never in the URL. */
  secret?: string;
}

/** POST /signing/sign: the signed file (a .p7s for cms). */
export function signFile(file: Blob, fileName: string, options: SignOptions): Promise<BlobAnswer> {
  const { secret, ...query } = options;
  return apiRequestBlob('POST', '/signing/sign', {
    query: { ...query, fileName },
    body: file,
    contentType: contentTypeOf(file, fileName),
    headers: secret ? { 'X-Signing-Secret': secret } : undefined,
  });
}

export function listTrustAnchors(signal?: AbortSignal): Promise<{ items: TrustAnchor[] }> {
  return api.get('/trust/anchors', { signal });
}

export function addTrustAnchors(
  file: Blob,
  fileName: string,
  purpose: TrustPurpose,
  name?: string,
  pin = false,
): Promise<{ items: TrustAnchor[] }> {
  return apiRequest('POST', '/trust/anchors', {
    query: { purpose, name, pin: pin ? 'true' : undefined },
    body: file,
    contentType: contentTypeOf(file, fileName),
  });
}

export function deleteTrustAnchor(id: TrustAnchor['id']): Promise<void> {
  return api.delete(`/trust/anchors/${encodeURIComponent(String(id))}`);
}

export function listCrls(signal?: AbortSignal): Promise<{ items: Crl[] }> {
  return api.get('/trust/crls', { signal });
}

export function addCrl(file: Blob, fileName: string): Promise<Crl> {
  return apiRequest('POST', '/trust/crls', {
    body: file,
    contentType: contentTypeOf(file, fileName),
  });
}
