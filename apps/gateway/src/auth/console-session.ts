import { createConsoleSession, deleteConsoleSession, isConsoleSessionValid, type Store } from '@otto/store';
import { parseCookie, stringifySetCookie } from 'cookie';
import { OPERATOR_BY_SESSION, type Caller } from './caller.js';

export const SESSION_COOKIE = 'otto_session';
/** `POST` signs in with `{token}`, `DELETE` signs out, `GET` tells whether the cookie is valid. */
export const SESSION_PATH = '/auth/session';
/** Browsers send it on every request; a cross-site form or fetch cannot without a preflight we never grant. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export interface ConsoleSessionOptions {
  store: Store;
  /** How long a browser stays signed in. Default 7 days. */
  ttlMs?: number;
}

/** Browser sessions behind an HttpOnly, SameSite=Strict cookie; only a hash is stored. */
export function createConsoleSessions(options: ConsoleSessionOptions) {
  const ttlMs = options.ttlMs ?? 7 * 24 * 3_600_000;
  const cookieOf = (request: Request) => parseCookie(request.headers.get('cookie') ?? '')[SESSION_COOKIE];
  const setCookie = (request: Request, value: string, maxAge: number) =>
    stringifySetCookie(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge,
      secure: new URL(request.url).protocol === 'https:',
    });
  return {
    /** Whether the request carries a session cookie at all, valid or not. */
    presented(request: Request): boolean {
      return cookieOf(request) !== undefined;
    },
    /** The caller a valid session cookie speaks for, or null. */
    async callerOf(request: Request): Promise<Caller | null> {
      const secret = cookieOf(request);
      return secret && (await isConsoleSessionValid(options.store.db, secret, Date.now())) ? OPERATOR_BY_SESSION : null;
    },
    /** Set-Cookie for a new session. */
    async open(request: Request): Promise<string> {
      const secret = await createConsoleSession(options.store.db, { now: Date.now(), ttlMs });
      return setCookie(request, secret, Math.floor(ttlMs / 1000));
    },
    /** Set-Cookie that clears the browser's cookie, after forgetting the session. */
    async close(request: Request): Promise<string> {
      const secret = cookieOf(request);
      if (secret) await deleteConsoleSession(options.store.db, secret);
      return setCookie(request, '', 0);
    },
  };
}

export type ConsoleSessions = ReturnType<typeof createConsoleSessions>;
