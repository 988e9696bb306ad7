/**
 * Who is signed in. The sign-in takes the same bearer token as the API (from `npm start`'s
 * output, or the bank's identity provider later), asks `GET /api/v1/me` who it belongs to, and
 * keeps the token for this tab only.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, whenUnauthorized } from './api/client';
import { authConfig, endProviderSession, knownAuthConfig } from './api/oidc';
import { clearToken, readToken, storeToken } from './api/token';

export type Role = 'agent' | 'backoffice' | 'supervisor' | 'process-owner' | 'auditor' | 'admin';

/** The signed-in user, as `GET /api/v1/me` answers. */
export interface Me {
  id: string;
  name: string;
  roles: Role[];
  queues: string[];
}

interface SessionState {
  user: Me | null;
  /** True until a stored token has been checked at start. */
  checking: boolean;
  /** Checks `token` with the API and signs in; throws the API's error. */
  signIn(token: string): Promise<Me>;
  signOut(): void;
  /** Why the last session ended, if the API ended it. */
  endedBecause: string | null;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => readToken() !== null);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const signOut = useCallback(() => {
    clearToken();
    queryClient.clear();
    setUser(null);
    // With single sign-on, the provider's session ends too (and the browser comes back to
    // /anmelden). After a reload the sign-in method may not be known yet: asked first; if the
    // API cannot say, the app's session has ended all the same.
    const known = knownAuthConfig();
    if (known) endProviderSession(known);
    else void authConfig().then(endProviderSession, () => endProviderSession(undefined));
  }, [queryClient]);

  useEffect(() => {
    whenUnauthorized(() => {
      queryClient.clear();
      setUser(null);
      setEndedBecause('Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich neu an.');
    });
    const token = readToken();
    if (!token) return;
    api<Me>('/me')
      .then(setUser)
      .catch(() => clearToken())
      .finally(() => setChecking(false));
  }, [queryClient]);

  const signIn = useCallback(async (token: string) => {
    const me = await api<Me>('/me', {}, token);
    storeToken(token);
    setEndedBecause(null);
    setUser(me);
    return me;
  }, []);

  const value = useMemo(() => ({ user, checking, signIn, signOut, endedBecause }), [user, checking, signIn, signOut, endedBecause]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return state;
}

/** The signed-in user (pages behind the sign-in only). */
export function useSession(): { user: Me; signOut(): void } {
  const { user, signOut } = useSessionState();
  if (!user) throw new Error('useSession needs a signed-in user');
  return { user, signOut };
}

/** True when `user` holds one of `roles` (admins hold every role). */
export function hasRole(user: Pick<Me, 'roles'>, ...roles: Role[]): boolean {
  return user.roles.some((role) => role === 'admin' || roles.includes(role));
}
