/** Who is signed in, and what they may do; loaded from GET /v1/auth/me (the cookie). */
import { ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, request, setCsrfToken, whenUnauthenticated } from './api';
import { Permissions, permissionsOf } from './permissions';
import type { Me } from './types';

interface SessionState {
  me: Me | null;
  loading: boolean;
  /** Why the session could not be checked (the API is down), if so. */
  error: Error | null;
  can: Permissions | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);

  const refresh = useCallback(async () => {
    try {
      const current = await api.get<Me>('/v1/auth/me');
      setCsrfToken(current.csrfToken);
      setMe(current);
      setError(null);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        setCsrfToken(undefined);
        setMe(null);
        setError(null);
      } else {
        setError(caught instanceof Error ? caught : new Error(String(caught)));
      }
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    whenUnauthenticated(() => {
      setCsrfToken(undefined);
      setMe(null);
    });
    void refresh();
  }, [refresh]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const session = await request<{ csrfToken: string }>('POST', '/v1/auth/session', { email, password });
      setCsrfToken(session.csrfToken);
      await refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/v1/auth/logout');
    } finally {
      setCsrfToken(undefined);
      setMe(null);
    }
  }, []);

  const value = useMemo<SessionState>(
    () => ({ me, loading, error, can: me ? permissionsOf(me) : null, signIn, signOut, refresh }),
    [me, loading, error, signIn, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in person and their permissions; only inside the signed-in part of the app. */
export function useMe(): { me: Me; can: Permissions } {
  const { me, can } = useSession();
  if (!me || !can) throw new Error('useMe while signed out');
  return { me, can };
}
