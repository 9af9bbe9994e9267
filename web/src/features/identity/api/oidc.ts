import { api } from '../../../shared/api/client';

/** Whether citizens may sign in through the national identity platform (GET /auth/oidc). */
export interface OidcStatus {
  enabled: boolean;
  /** The provider's name for the button ("VNeID"). */
  providerName: string;
  /** Where the button leads: the server redirects the browser to the provider. */
  startUrl: string;
}

export function getOidcStatus(signal?: AbortSignal): Promise<OidcStatus> {
  return api.get('/auth/oidc', { signal, quietUnauthenticated: true });
}

/** The address that starts a sign-in returning to `returnTo` (a local path). */
export function oidcStartHref(status: OidcStatus, returnTo: string): string {
  return `${status.startUrl}?${new URLSearchParams({ returnTo }).toString()}`;
}

/** The refusal codes the server puts in the sign-in page's address (`?loi=`). */
export const OIDC_ERRORS = [
  'unavailable',
  'state',
  'expired',
  'denied',
  'token',
  'claim',
  'disabled',
  'rate',
] as const;
export type OidcError = (typeof OIDC_ERRORS)[number];

export function oidcErrorOf(code: string | null): OidcError | null {
  if (!code) {
    return null;
  }
  return (OIDC_ERRORS as readonly string[]).includes(code) ? (code as OidcError) : 'state';
}
