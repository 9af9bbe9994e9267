import { createContext } from 'react';

import type { Me, Realm } from './types';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated';

/** Why nobody is signed in: the person logged out, or the server ended the session. */
export type SignOutReason = 'logout' | 'session-ended' | null;

export interface AuthContextValue {
  status: AuthStatus;
  user: Me | null;
  signOutReason: SignOutReason;
  /**
   * This server is declared isolated and keeps the files of confidential documents; elsewhere a
   * confidential document is registered without files (the server refuses them).
   */
  confidentialFiles: boolean;
  /** Official e-mail is on: its endpoints answer (they answer 503 while it is off). */
  mailEnabled: boolean;
  login: (username: string, password: string, realm?: Realm) => Promise<Me>;
  /** Ends this session. */
  logout: () => Promise<void>;
  /** Ends every session of the user, on every device. */
  logoutEverywhere: () => Promise<void>;
  /** Reads the session again (after a change of password, for instance). */
  refreshSession: () => Promise<void>;
  hasRole: (...roles: Me['roles']) => boolean;
}

export const AuthContext = createContext<AuthContextValue | null>(null);
