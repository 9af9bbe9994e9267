// The shapes of docs/api.md "Delivery between agencies", the recipient's side (duplicated on
// purpose: features do not import each other).

export type ReceptionStatus =
  'waiting' | 'sent' | '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';

export interface ReceptionHistoryEntry {
  status: ReceptionStatus;
  statusLabel: string;
  at: string;
  actorName: string;
  reason: string;
  moved: boolean;
}

export interface DocumentBrief {
  id: number;
  numberText: string | null;
  issuedDate: string | null;
  subject: string;
  state: string;
  stateLabel: string;
}

export interface Reception {
  id: number;
  documentId: number;
  recipientAgencyId: number | null;
  recipientName: string;
  status: ReceptionStatus;
  statusLabel: string;
  statusAt: string;
  incomingDocumentId: number | null;
  note: string;
  version: number;
  etag: string;
  history: ReceptionHistoryEntry[];
  senderAgencyId: number;
  senderName: string;
  document: {
    id: number;
    typeOrdinal: number;
    typeName: string;
    numberText: string | null;
    issuedDate: string | null;
    subject: string;
    signerName: string;
    signerPosition: string;
    urgency: 'normal' | 'urgent' | 'very_urgent' | 'express';
    urgencyLabel: string;
    confidentiality: 'none' | 'confidential' | 'secret' | 'top_secret';
    confidentialityLabel: string;
    pageCount: number;
    recallReason: string | null;
  };
  file: { name: string; size: number; pages: number; sha256: string } | null;
  replaces: DocumentBrief | null;
  replacedBy: DocumentBrief | null;
  stands: boolean;
}

export interface ReceptionCount {
  received: number;
  recallRequested: number;
}

export type Indication = 'TOTAL_PASSED' | 'INDETERMINATE' | 'TOTAL_FAILED';

/** The part of POST /signatures/verify's report the page shows. */
export interface VerificationSummary {
  indication: Indication;
  conclusion: string;
  warnings: string[];
  signatures: {
    index: number;
    signer: { commonName: string; organization?: string } | null;
    indication: Indication;
    conclusion: string;
  }[];
}
