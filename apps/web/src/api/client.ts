import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Session = Schemas['AuthSessionView'];

/**
 * The typed client of the API (types generated from its OpenAPI document: a contract change
 * breaks the build). The access token lives in memory only; the refresh token in
 * localStorage so that a reload keeps the session (it works once and rotates at each refresh).
 */
const REFRESH_KEY = 'filiere.refreshToken';
let accessToken: string | null = null;
let refreshing: Promise<Session | null> | null = null;
const listeners = new Set<(session: Session | null) => void>();

export const auth = {
  storedRefreshToken: (): string | null => localStorage.getItem(REFRESH_KEY),
  accessToken: (): string | null => accessToken,
  set(session: Session): void {
    accessToken = session.accessToken;
    localStorage.setItem(REFRESH_KEY, session.refreshToken);
    listeners.forEach((l) => l(session));
  },
  clear(): void {
    accessToken = null;
    localStorage.removeItem(REFRESH_KEY);
    listeners.forEach((l) => l(null));
  },
  subscribe(listener: (session: Session | null) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** One refresh at a time (a refresh token works once): concurrent 401s share it. */
  refresh(): Promise<Session | null> {
    refreshing ??= (async () => {
      const refreshToken = localStorage.getItem(REFRESH_KEY);
      if (!refreshToken) return null;
      try {
        const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
        if (!res.ok) {
          if (res.status === 401 || res.status === 400) auth.clear();
          return null;
        }
        const session = (await res.json()) as Session;
        auth.set(session);
        return session;
      } catch {
        return null;
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  },
};

function withToken(request: Request): Request {
  if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
  return request;
}

/** Adds the access token; on a 401, refreshes once and replays the request. */
export async function authFetch(request: Request): Promise<Response> {
  const replay = request.clone();
  const res = await fetch(withToken(request));
  if (res.status !== 401 || request.url.includes('/api/auth/')) return res;
  const session = await auth.refresh();
  if (!session) {
    auth.clear();
    return res;
  }
  return fetch(withToken(replay));
}

export const api = createClient<paths>({ baseUrl: typeof window === 'undefined' ? '' : window.location.origin, fetch: authFetch });

export interface FieldError {
  field: string;
  message: string;
}

/** The API's error shape (API.md): status, stable code, message, field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }

  static from(status: number, body: unknown): ApiError {
    const b = (body ?? {}) as { code?: string; message?: string | string[]; errors?: FieldError[] };
    const message = Array.isArray(b.message) ? b.message.join(', ') : (b.message ?? `HTTP ${status}`);
    return new ApiError(status, b.code ?? `HTTP_${status}`, message, Array.isArray(b.errors) ? b.errors : []);
  }

  /** Field errors keyed by field (for Mantine forms' setErrors). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.errors.map((e) => [e.field, e.message]));
  }
}

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The data of a typed call, or throws its ApiError. */
export async function call<R extends FetchResult>(promise: Promise<R>): Promise<Exclude<R['data'], undefined>> {
  const { data, error, response } = await promise;
  if (!response.ok || error !== undefined) throw ApiError.from(response.status, error);
  return data as Exclude<R['data'], undefined>;
}

/** For routes whose response the OpenAPI document does not describe: typed by the caller. */
export async function callAs<T>(promise: Promise<FetchResult>): Promise<T> {
  const { data, error, response } = await promise;
  if (!response.ok || error !== undefined) throw ApiError.from(response.status, error);
  return data as T;
}

/** Downloads a file of the API (PDF…) with the session's token. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await authFetch(new Request(new URL(path, window.location.origin)));
  if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => null));
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
