import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';

import { ApiError, api, onUnauthenticated, setCsrfToken } from '../api/client';
import {
  AuthContext,
  type AuthContextValue,
  type AuthStatus,
  type SignOutReason,
} from './auth-context';
import type { Me, Realm, SessionAnswer } from './types';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<Me | null>(null);
  const [signOutReason, setSignOutReason] = useState<SignOutReason>(null);
  const [confidentialFiles, setConfidentialFiles] = useState(false);
  const [mailEnabled, setMailEnabled] = useState(false);

  const signedIn = useCallback((answer: SessionAnswer) => {
    setCsrfToken(answer.csrfToken);
    setUser(answer.user);
    setConfidentialFiles(answer.confidentialFiles === true);
    setMailEnabled(answer.mail === true);
    setSignOutReason(null);
    setStatus('authenticated');
  }, []);

  const signedOut = useCallback((reason: SignOutReason) => {
    setCsrfToken(null);
    setUser(null);
    setSignOutReason(reason);
    setStatus('anonymous');
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<SessionAnswer>('/auth/session', {
        signal: controller.signal,
        quietUnauthenticated: true,
      })
      .then(signedIn)
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') {
          return;
        }
        // 401 means nobody is signed in; a network failure leaves the login page to report it.
        signedOut(null);
      });
    return () => controller.abort();
  }, [signedIn, signedOut]);

  // A 401 from any later call means the session ended (expired, or "log out everywhere").
  useEffect(() => onUnauthenticated(() => signedOut('session-ended')), [signedOut]);

  const login = useCallback(
    async (username: string, password: string, realm: Realm = 'staff') => {
      const answer = await api.post<SessionAnswer>(
        '/auth/login',
        { username, password, realm },
        { quietUnauthenticated: true },
      );
      signedIn(answer);
      return answer.user;
    },
    [signedIn],
  );

  const endSession = useCallback(
    async (path: '/auth/logout' | '/auth/logout-all') => {
      try {
        await api.post<void>(path, undefined, { quietUnauthenticated: true });
      } catch (error) {
        // Already signed out on the server: the outcome the person asked for.
        if (!(error instanceof ApiError && error.status === 401)) {
          throw error;
        }
      }
      signedOut('logout');
    },
    [signedOut],
  );

  const refreshSession = useCallback(async () => {
    signedIn(await api.get<SessionAnswer>('/auth/session'));
  }, [signedIn]);

  const logout = useCallback(() => endSession('/auth/logout'), [endSession]);
  const logoutEverywhere = useCallback(() => endSession('/auth/logout-all'), [endSession]);

  const hasRole = useCallback(
    (...roles: Me['roles']) => !!user && roles.some((role) => user.roles.includes(role)),
    [user],
  );

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      user,
      signOutReason,
      confidentialFiles,
      mailEnabled,
      login,
      logout,
      logoutEverywhere,
      refreshSession,
      hasRole,
    }),
    [
      status,
      user,
      signOutReason,
      confidentialFiles,
      mailEnabled,
      login,
      logout,
      logoutEverywhere,
      refreshSession,
      hasRole,
    ],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
