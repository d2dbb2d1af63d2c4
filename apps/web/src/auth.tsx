import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, auth, call, type Schemas, type Session } from './api/client';

export type Role = Schemas['MembershipView']['role'];

interface AuthState {
  status: 'loading' | 'anonymous' | 'authenticated';
  user: Schemas['UserView'] | null;
  membership: Schemas['MembershipView'] | null;
  login: (email: string, password: string, tenant?: string) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [status, setStatus] = useState<AuthState['status']>(auth.storedRefreshToken() ? 'loading' : 'anonymous');

  useEffect(() => {
    const unsubscribe = auth.subscribe((s) => {
      setSession(s);
      setStatus(s ? 'authenticated' : 'anonymous');
    });
    // A reload: the refresh token of the previous visit opens a new session.
    if (auth.storedRefreshToken() && !auth.accessToken()) {
      void auth.refresh().then((s) => {
        if (!s) setStatus('anonymous');
      });
    }
    return unsubscribe;
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      status,
      user: session?.user ?? null,
      membership: session?.membership ?? null,
      login: async (email, password, tenant) => {
        const s = await call(api.POST('/api/auth/login', { body: { email, password, ...(tenant ? { tenant } : {}) } }));
        auth.set(s);
      },
      logout: async () => {
        const refreshToken = auth.storedRefreshToken();
        if (refreshToken) await api.POST('/api/auth/logout', { body: { refreshToken } }).catch(() => undefined);
        auth.clear();
      },
    }),
    [session, status],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** Where each role lands after login. */
export function homeOf(role: Role | undefined): string {
  switch (role) {
    case 'platform_admin':
      return '/admin/cci';
    case 'admin':
    case 'advisor':
      return '/promotions';
    case 'coach':
      return '/mes-projets';
    case 'holder':
      return '/mon-projet';
    case 'partner':
      return '/ateliers';
    case undefined:
      return '/connexion';
  }
}
