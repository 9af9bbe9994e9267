// The shapes of docs/api.md "Outgoing documents (issue 10)" and the few directory shapes the
// pages need (duplicated here on purpose: features do not import each other).

export type OutgoingState = 'draft' | 'in_review' | 'approved' | 'signed' | 'numbered';
export type Urgency = 'normal' | 'urgent' | 'very_urgent' | 'express';
export type Confidentiality = 'none' | 'confidential' | 'secret' | 'top_secret';

export interface OutgoingRecipient {
  agencyId: number | null;
  name: string;
  /** An agency outside the instance, reached through the exchange (issue 14): its OrganId. */
  code?: string;
}

export interface OutgoingReview {
  id: number;
  step: 'unit_head' | 'consult' | 'leader';
  stepLabel: string;
  reviewerId: number;
  reviewerName: string;
  state: 'pending' | 'approved' | 'returned';
  stateLabel: string;
  comment: string;
  createdAt: string;
  decidedAt: string | null;
}

export interface OutgoingFile {
  id: number;
  role: 'draft' | 'signed' | 'issued' | 'source' | 'attachment' | 'issued_attachment';
  roleLabel: string;
  version: number;
  name: string;
  contentType: string;
  size: number;
  pages: number;
  sha256: string;
  uploadedBy: number | null;
  uploadedAt: string;
}

export interface OutgoingDocument {
  id: number;
  agencyId: number;
  state: OutgoingState;
  stateLabel: string;
  typeOrdinal: number;
  typeName: string;
  subject: string;
  description: string;
  urgency: Urgency;
  urgencyLabel: string;
  confidentiality: Confidentiality;
  confidentialityLabel: string;
  number: number | null;
  numberText: string | null;
  issuedDate: string | null;
  signerId: number | null;
  signerName: string;
  signerPosition: string;
  draftingUnitId: number | null;
  drafterId: number | null;
  pageCount: number;
  recipients: OutgoingRecipient[];
  reviews: OutgoingReview[];
  files: OutgoingFile[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface OutgoingDraftInput {
  typeOrdinal?: number;
  subject?: string;
  urgency?: Urgency;
  confidentiality?: Confidentiality;
  description?: string;
  signerId?: number | null;
  draftingUnitId?: number | null;
  recipients?: ({ agencyId: number } | { name: string } | { name: string; code: string })[];
}

export interface TimelineEvent {
  at: string;
  actorName: string;
  action: string;
  detail: string;
}

export interface DocumentType {
  ordinal: number;
  name: string;
  abbreviation: string | null;
}

export interface StaffUser {
  id: number;
  username: string;
  fullName: string;
  agencyId: number;
  unitId: number | null;
  position: string;
  roles: string[];
  disabled: boolean;
}

export interface Unit {
  id: number;
  agencyId: number;
  name: string;
  shortName: string;
  code: string;
}

export interface AgencySummary {
  id: number;
  code: string;
  name: string;
  active: boolean;
}

export interface SigningKey {
  id: string;
  kind: 'personal' | 'seal';
  owner: string;
  askSecret: boolean;
  demo: boolean;
  certificate: { commonName: string; notAfter: string } | null;
}

export interface DocumentRegister {
  id: number;
  agencyId: number;
  direction: 'incoming' | 'outgoing';
  kind: string;
  kindLabel: string;
  name: string;
  active: boolean;
  isDefault: boolean;
}

export interface RegisterEntry {
  id: number;
  registerId: number;
  year: number;
  number: number;
  documentId: number;
  state: 'allocated' | 'cancelled';
  stateLabel: string;
  reason: string;
  allocatedAt: string;
}

export interface Notice {
  id: number;
  kind: string;
  text: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** Where a number and a date go on page 1, in PDF points (origin bottom left). */
export interface StampBox {
  x: number;
  y: number;
  width: number;
  height: number;
}
