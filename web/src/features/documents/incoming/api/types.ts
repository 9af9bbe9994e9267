// The shapes of docs/api.md "Incoming documents" and "Document registers" (issue 10), as far as
// the incoming pages use them. Web-outgoing keeps its own copies: features do not share types.

export type Id = number;

export type IncomingState =
  'registered' | 'submitted' | 'assigned' | 'in_progress' | 'completed' | 'returned';

export type Urgency = 'normal' | 'urgent' | 'very_urgent' | 'express';
export type Confidentiality = 'none' | 'confidential' | 'secret' | 'top_secret';
export type Channel = 'paper' | 'electronic' | 'internal';
export type AssignmentRole = 'lead' | 'coordinate' | 'info';
export type AssignmentState =
  'assigned' | 'accepted' | 'extension_requested' | 'completed' | 'returned';

export interface IncomingDocument {
  id: Id;
  agencyId: Id;
  state: IncomingState;
  stateLabel: string;
  typeOrdinal: number;
  typeName: string;
  numberText: string;
  number: number;
  notation: string;
  issuedDate: string;
  senderAgencyId: Id | null;
  senderName: string;
  subject: string;
  signerName: string;
  signerPosition: string;
  urgency: Urgency;
  urgencyLabel: string;
  confidentiality: Confidentiality;
  confidentialityLabel: string;
  channel: Channel;
  channelLabel: string;
  pageCount: number;
  arrivalDate: string;
  arrivalNumber: number;
  /** YYYY-MM-DD or "" when the document has no due date. */
  dueDate: string;
  description: string;
  toPlaces: string;
  /** Set when the sender recalled it and a clerk accepted (status 15). */
  recallReason: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Assignment {
  id: Id;
  userId: Id;
  fullName: string;
  role: AssignmentRole;
  state: AssignmentState;
  instruction: string;
  dueDate: string;
  resultNote: string;
  extensionReason: string;
  extensionDueDate: string;
  /** The unit assigned (its head holds the assignment), or null for a person. */
  unitId?: Id | null;
  unitName?: string | null;
  /** The assignment this one was forwarded from. */
  parentId?: Id | null;
  /** Who made the assignment (the leader, or the forwarding unit head / officer). */
  assignedBy?: Id | null;
  answerDocumentId?: Id | null;
}

/** A unit (phòng, ban) of an agency, docs/api.md `Unit`. */
export interface Unit {
  id: Id;
  agencyId: Id;
  name: string;
  shortName: string;
  code: string;
}

/** A read access given to one person on a confidential document. */
export interface Grant {
  userId: Id;
  fullName: string;
  grantedBy: Id;
  grantedByName: string;
  grantedAt: string;
  reason: string;
}

export type Indication = 'TOTAL_PASSED' | 'INDETERMINATE' | 'TOTAL_FAILED';

/** The part of a signature verification report (docs/api.md "Signatures") shown here. */
export interface VerificationReport {
  indication: Indication;
  conclusion: string;
  signatures: { indication: Indication; signer: { commonName: string } | null }[];
}

export interface DocumentFile {
  id: Id;
  documentId: Id | null;
  role: string;
  name: string;
  contentType: string;
  size: number;
  pages: number;
  sha256: string;
  signature: VerificationReport | null;
  uploadedAt: string;
}

export interface IncomingDocumentDetail extends IncomingDocument {
  assignments: Assignment[];
  files: DocumentFile[];
}

export interface TimelineItem {
  at: string;
  actor: string;
  action: string;
  detail: string;
}

export interface IncomingDocumentInput {
  typeOrdinal?: number;
  numberText?: string;
  issuedDate: string;
  senderAgencyId?: Id;
  senderName?: string;
  subject: string;
  signerName?: string;
  signerPosition?: string;
  urgency?: Urgency;
  confidentiality?: Confidentiality;
  channel?: Channel;
  pageCount?: number;
  arrivalDate?: string;
  dueDate?: string;
  description?: string;
  toPlaces?: string;
  fileIds?: Id[];
  confirmDuplicate?: boolean;
}

/** One entry of the 409 `duplicate-document` problem. */
export interface DuplicateCandidate {
  id: Id;
  arrivalNumber: number;
  arrivalDate: string;
  numberText: string;
  subject: string;
}

export interface AgencyOption {
  id: Id;
  code: string;
  name: string;
  shortName: string;
}

export interface Colleague {
  id: Id;
  username: string;
  fullName: string;
  position: string;
  roles: string[];
  disabled: boolean;
  unitId?: Id | null;
}

export interface DocumentType {
  ordinal: number;
  name: string;
  abbreviation: string | null;
}

export interface DocumentNumberInfo {
  value: string;
  display: string;
  number: number;
  year: number | null;
  typeAbbreviation: string | null;
  typeName: string | null;
  typeOrdinal: number | null;
  issuer: string;
  unit: string | null;
  notation: string;
}

export interface DocumentRegister {
  id: Id;
  agencyId: Id;
  direction: 'incoming' | 'outgoing';
  kind: 'general' | 'per_type' | 'confidential';
  kindLabel: string;
  name: string;
  active: boolean;
  isDefault: boolean;
}

export interface DocumentRegisterEntry {
  id: Id;
  registerId: Id;
  year: number;
  number: number;
  documentId: Id | null;
  state: 'allocated' | 'cancelled';
  stateLabel: string;
  reason: string;
  allocatedBy: string;
  allocatedAt: string;
}

export interface AddWorkingDays {
  start: string;
  days: number;
  due: string;
}
