// The shapes of docs/api.md "Signatures (issue 4)".

export type Indication = 'TOTAL_PASSED' | 'INDETERMINATE' | 'TOTAL_FAILED';

export interface CertificateSummary {
  subject: string;
  commonName: string;
  organization?: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
}

export type CertificateStatus =
  | 'valid'
  | 'expired'
  | 'not_yet_valid'
  | 'revoked'
  | 'unknown_issuer'
  | 'revocation_unknown'
  | 'invalid';

export interface SignatureReport {
  index: number;
  fieldName: string;
  format: string;
  subFilter: string | null;
  signer: CertificateSummary | null;
  claimedTime: string | null;
  timestampTime: string | null;
  timestampAuthority: string | null;
  /** Null when integrity failed before the certificate was judged. */
  validationTime: string | null;
  validationTimeSource: 'timestamp' | 'claimed' | 'now' | null;
  integrity: {
    formatOk: boolean;
    digestMatches: boolean;
    signatureValid: boolean;
    coversWholeDocument: boolean;
    appendedBytes: number;
  };
  certificationPermissions: number | null;
  certificate: {
    status: CertificateStatus | null;
    detail: string;
    revocationSource: 'crl' | 'ocsp' | 'none';
    revokedAt: string | null;
    chain: CertificateSummary[];
  };
  indication: Indication;
  subIndication: string | null;
  conclusion: string;
  warnings: string[];
}

export interface VerificationReport {
  kind: 'pdf' | 'xml' | 'cms';
  fileName: string;
  fileSha256: string;
  fileSize: number;
  verifiedAt: string;
  indication: Indication;
  conclusion: string;
  warnings: string[];
  /** PDF: bytes after the newest signed revision (signed by nobody). */
  unsignedTrailingBytes: number;
  signatures: SignatureReport[];
}

export type KeyKind = 'seal' | 'personal';

export interface SigningKey {
  id: string;
  kind: KeyKind;
  /** Seal: the agency code; personal: the staff username. */
  owner: string;
  askSecret: boolean;
  hasImage: boolean;
  demo: boolean;
  certificate: Omit<CertificateSummary, 'organization'> | null;
}

export type SignKind = 'pdf' | 'xml' | 'cms';
export type AppearanceStyle = 'none' | 'signer' | 'seal' | 'attachment';

export type TrustPurpose = 'document' | 'timestamp';

export interface TrustAnchor {
  id: number | string;
  purpose: TrustPurpose;
  /** "ca": trusted for what it issues; "pinned": one end-entity certificate, its own signatures. */
  kind: 'ca' | 'pinned';
  /** false: a non-CA certificate stored as a CA before that was refused; ignored. */
  usable: boolean;
  /** "bundled": shipped with cqdt (the national roots). */
  source: 'admin' | 'bundled';
  name: string;
  subject: string;
  issuer: string;
  serial: string;
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
  isRoot: boolean;
  addedBy: string;
  addedAt: string;
}

export interface Crl {
  id: number | string;
  issuer: string;
  thisUpdate: string;
  nextUpdate: string | null;
  source: 'upload' | 'fetched';
  storedAt: string;
  revokedCount: number;
}
