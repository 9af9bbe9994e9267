import { api } from '../../../shared/api/client';

export interface AuditEntry {
  id: string | number;
  at: string;
  actor: string;
  actorId: string | number | null;
  agencyId: string | number | null;
  action: string;
  entity: string;
  entityId: string;
  /** What people call the record (a username, an agency's name); null when only the id is known. */
  entityName: string | null;
  clientAddress: string;
  requestId: string;
  summary: string;
  hash: string;
  prevHash: string;
}

export interface AuditFilter {
  actor?: string;
  /** One action code, exactly; a code ending in "." is a group ("agency."). */
  action?: string;
  entity?: string;
  /** YYYY-MM-DD, a day in Vietnam time (UTC+7), inclusive. */
  from?: string;
  to?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBrokenId?: string | number;
  reason?: string;
}

export function listAudit(
  filter: AuditFilter,
  page: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<AuditPage> {
  return api.get('/audit', { query: { ...filter, ...page }, signal });
}

export function verifyAuditChain(): Promise<AuditVerification> {
  return api.get('/audit/verify');
}
