// The shapes of docs/api.md "Document exchange hub (issue 14)" (duplicated on purpose: features
// do not import each other). Times are ISO 8601 in Vietnam time (+07:00); edXML dates in a
// package's header stay as the package wrote them (yyyy/MM/dd).

/** edXML business of a package (Bussiness/BussinessDocType); older servers send 0..3. */
export type BusinessKind = 'new' | 'revoke' | 'update' | 'replace';

export type ExchangeReceptionState =
  'received' | 'registered' | 'refused' | 'revoked' | 'superseded';

export interface RecallRequest {
  state: 'requested' | 'accepted' | 'refused';
  stateLabel: string;
  reason: string;
  requestedAt: string | null;
  answer: string;
}

/** One earlier package a replacement names: its DocumentId, and its reception here if any. */
export interface ReplacedPackage {
  documentId: string;
  receptionId: number | null;
}

export interface ExchangeReception {
  id: number;
  documentId: string;
  senderCode: string;
  senderName: string;
  subject: string;
  business: BusinessKind | number;
  businessLabel: string;
  state: ExchangeReceptionState;
  stateLabel: string;
  /** The last STATUS sent back to the sender ("01".."06", "02"). */
  status: string;
  statusLabel: string;
  incomingDocumentId: number | null;
  note: string;
  version: number;
  receivedAt: string;
  updatedAt: string;
  recall?: RecallRequest | null;
  replaces?: ReplacedPackage[];
  replacedBy?: number | null;
}

export interface PackageHeader {
  numberText: string;
  promulgationDate: string;
  place: string;
  typeName: string;
  priority: number;
  dueDate: string;
  signerName: string;
  signerPosition: string;
  competence: string;
  content: string;
  to: { code: string; name: string }[];
  toPlaces: string[];
}

export interface PackageFile {
  index: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  /** PDF or image: becomes a file of the incoming document. */
  registrable: boolean;
}

export interface PackageWarning {
  code: string;
  message: string;
}

export interface ExchangeReceptionDetail extends ExchangeReception {
  header: PackageHeader;
  files: PackageFile[];
  warnings: PackageWarning[];
}

export type ReceptionFilter = 'received' | 'recall' | 'registered' | 'refused' | 'all';

export interface ReceptionList {
  items: ExchangeReception[];
  waiting: number;
}

export interface RegisterInput {
  arrivalDate?: string;
  dueDate?: string;
  description?: string;
  numberText?: string;
  typeOrdinal?: number;
  confirmDuplicate?: boolean;
}

export interface DocumentType {
  ordinal: number;
  name: string;
  abbreviation: string | null;
}

// --- the hub (administrators) ---

export type PartnerKind = 'member' | 'peer';
export type SignaturePolicy = 'require' | 'warn';

export interface Partner {
  id: number;
  kind: PartnerKind;
  code: string;
  name: string;
  baseUrl: string;
  certificate: string;
  signaturePolicy: SignaturePolicy;
  enabled: boolean;
  agencies: string[];
  createdAt: string;
  /** Only in the answer that made or renewed a member's secret. */
  secret?: string;
}

export interface PartnerInput {
  kind: PartnerKind;
  code: string;
  name: string;
  baseUrl: string;
  certificate: string;
  signaturePolicy: SignaturePolicy;
  agencies: string[];
  enabled: boolean;
}

export type DeliveryRoute = 'local' | 'member' | 'peer' | 'none';
export type TransportState = 'pending' | 'delivered' | 'acknowledged' | 'failed' | 'dead';

export interface HubDelivery {
  id: number;
  recipient: string;
  route: DeliveryRoute;
  state: TransportState;
  stateLabel: string;
  attempts: number;
  lastError: string;
  deliveredAt: string | null;
  /** In the dead-letter list. */
  messageId?: number;
}

export type HopResult =
  | 'received'
  | 'refused'
  | 'duplicate'
  | 'delivered'
  | 'queued'
  | 'forwarded'
  | 'retry'
  | 'dead'
  | 'acknowledged'
  | 'failed'
  | 'replayed';

export interface Hop {
  at: string;
  from: string;
  to: string;
  result: HopResult | string;
  detail: string;
}

export interface HubMessage {
  id: number;
  kind: 'document' | 'status';
  documentId: string;
  from: string;
  statusCode: string;
  statusLabel: string;
  subject: string;
  source: string;
  size: number;
  sha256: string;
  accepted: boolean;
  refusalReason: string;
  refusalMessage: string;
  warnings: PackageWarning[];
  receivedAt: string;
}

export interface HubMessageDetail extends HubMessage {
  deliveries: HubDelivery[];
  trace: Hop[];
}

export type MessageFilter = '' | 'document' | 'status' | 'refused';

export interface HubQueue {
  route: DeliveryRoute | string;
  partner: string;
  state: TransportState | string;
  count: number;
  oldest: string;
}

// --- the directory (drafts) and an outgoing document's transport ---

export interface DirectoryEntry {
  code: string;
  name: string;
  via: 'member' | 'peer' | 'seen';
}

export interface RouteAnswer {
  code: string;
  route: DeliveryRoute;
  partnerName: string;
}

export interface OutgoingExchange {
  documentId: number;
  items: HubMessageDetail[];
}

/** A recipient outside the instance on a draft: its name and its agency identification code. */
export interface ExternalRecipient {
  name: string;
  code: string;
}
