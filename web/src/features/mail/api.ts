// The e-mail calls (docs/api.md "Official e-mail", issue 15): accounts per agency (passwords
// write-only: the server says only whether one is stored), the test e-mail, the delivery counts,
// the templates with their preview, and the signed-in person's choice of notices. Every /mail
// call answers 503 while e-mail is off ([mail] enabled = false).
import { api, ApiError, apiRequest } from '../../shared/api/client';

export type TlsMode = 'starttls' | 'tls' | 'none';

export interface MailAccount {
  /** 0 = the default account, used by agencies without their own. */
  agencyId: number;
  agencyName: string;
  fromAddress: string;
  fromName: string;
  smtpHost: string;
  smtpPort: number;
  smtpTls: TlsMode;
  smtpUsername: string;
  smtpHasPassword: boolean;
  /** Empty: this account does not read a mailbox. */
  imapHost: string;
  imapPort: number;
  imapTls: TlsMode;
  imapUsername: string;
  imapHasPassword: boolean;
  imapFolder: string;
  imapDoneFolder: string;
  enabled: boolean;
  updatedBy: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** A password absent (or empty) keeps the stored one. */
export interface MailAccountInput {
  fromAddress: string;
  fromName: string;
  smtpHost: string;
  smtpPort: number;
  smtpTls: TlsMode;
  smtpUsername: string;
  smtpPassword?: string;
  imapHost?: string;
  imapPort?: number;
  imapTls?: TlsMode;
  imapUsername?: string;
  imapPassword?: string;
  imapFolder?: string;
  imapDoneFolder?: string;
  enabled: boolean;
}

export type SmtpOutcome = 'sent' | 'temporary' | 'permanent';

export interface MailTestResult {
  outcome: SmtpOutcome;
  replyCode: number;
  /** The server's reply line, or why the message did not go. */
  detail: string;
}

export interface MailCounts {
  pending: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Since the server started (the Prometheus counters). */
  sinceStart: { sent: number; deferred: number; failed: number; skipped: number };
}

export type Audience = 'citizen' | 'staff' | 'all';

export interface MailTemplate {
  kind: string;
  audience: Audience;
  /** A notice the law requires: people cannot turn it off. */
  required: boolean;
  /** In the request's language. */
  name: string;
  subjectVi: string;
  subjectEn: string;
  bodyVi: string;
  bodyEn: string;
  /** Changed by an administrator (false: the shipped default). */
  customised: boolean;
  updatedBy: string;
  updatedAt: string | null;
}

export interface MailTemplateInput {
  subjectVi: string;
  subjectEn: string;
  bodyVi: string;
  bodyEn: string;
}

export interface MailPreview {
  subject: string;
  text: string;
  /** A whole HTML e-mail: shown only in a sandboxed frame. */
  html: string;
}

export interface MailPreference {
  kind: string;
  name: string;
  enabled: boolean;
  required: boolean;
}

export interface AgencyOption {
  id: number;
  code: string;
  name: string;
  active: boolean;
}

/** True for the answer of a /mail call while e-mail is off on the server (503). */
export function isMailOff(error: unknown): boolean {
  return error instanceof ApiError && error.status === 503;
}

const agencyKey = (agencyId: number) => (agencyId === 0 ? 'default' : String(agencyId));

export function listAccounts(signal?: AbortSignal): Promise<{ items: MailAccount[] }> {
  return api.get('/mail/accounts', { signal });
}

export function saveAccount(agencyId: number, input: MailAccountInput): Promise<MailAccount> {
  return apiRequest('PUT', `/mail/accounts/${agencyKey(agencyId)}`, { json: input });
}

export function removeAccount(agencyId: number): Promise<void> {
  return api.delete(`/mail/accounts/${agencyKey(agencyId)}`);
}

export function sendTest(agencyId: number, address: string): Promise<MailTestResult> {
  return api.post('/mail/test', { agencyId, address });
}

export function getCounts(signal?: AbortSignal): Promise<MailCounts> {
  return api.get('/mail/counts', { signal });
}

const templatePath = (kind: string) => `/mail/templates/${encodeURIComponent(kind)}`;

export function listTemplates(signal?: AbortSignal): Promise<{ items: MailTemplate[] }> {
  return api.get('/mail/templates', { signal });
}

export function saveTemplate(kind: string, input: MailTemplateInput): Promise<MailTemplate> {
  return apiRequest('PUT', templatePath(kind), { json: input });
}

/** Back to the shipped default; answers with the template as it now is. */
export function resetTemplate(kind: string): Promise<MailTemplate> {
  return api.delete(templatePath(kind));
}

export function previewTemplate(
  kind: string,
  input: MailTemplateInput,
  signal?: AbortSignal,
): Promise<MailPreview> {
  return api.post(`${templatePath(kind)}/preview`, input, { signal });
}

export function getPreferences(signal?: AbortSignal): Promise<{ items: MailPreference[] }> {
  return api.get('/me/mail-preferences', { signal });
}

export function savePreferences(
  items: { kind: string; enabled: boolean }[],
): Promise<{ items: MailPreference[] }> {
  return apiRequest('PUT', '/me/mail-preferences', { json: { items } });
}

/** Agencies, for the choice of the agency an account belongs to. */
export function listAgencyOptions(signal?: AbortSignal): Promise<{ items: AgencyOption[] }> {
  return api.get('/agencies', { signal });
}
