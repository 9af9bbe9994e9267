import type { FieldError } from '../../../shared/api/client';
import { api } from '../../../shared/api/client';
import type { Realm } from '../../../shared/auth/types';

export interface PasswordCheck {
  acceptable: boolean;
  minLength: number;
  maxLength: number;
  errors: FieldError[];
}

/**
 * The server's password policy applied to a candidate (POST /password-checks): the same rules
 * and messages as sign-up, account creation, reset and change, before the form is submitted.
 */
export function checkPassword(
  input: { password: string; username?: string; realm?: Realm },
  signal?: AbortSignal,
): Promise<PasswordCheck> {
  return api.post('/password-checks', input, { signal, quietUnauthenticated: true });
}

/** The signed-in person's own change; the server ends their other sessions. */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return api.post('/auth/change-password', { currentPassword, newPassword });
}
