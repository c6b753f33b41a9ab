import { parseCookie, stringifySetCookie } from 'cookie';

export const SESSION_COOKIE = 'otto_session';
/** `POST` signs in, `DELETE` signs out, `GET` tells whether the cookie is valid. */
export const SESSION_PATH = '/auth/session';
/** Browsers send it on every request; a cross-site form or fetch cannot without a preflight we never grant. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/** The session secret the browser's cookie carries, if any. */
export function sessionSecretOf(request: Request): string | undefined {
  return parseCookie(request.headers.get('cookie') ?? '')[SESSION_COOKIE];
}

/**
 * Set-Cookie for a session: HttpOnly, SameSite=Strict; an empty value clears it. Secure over https,
 * and whenever `secure` says so: behind a tunnel or proxy that ends TLS, the gateway sees plain http.
 */
export function sessionCookie(request: Request, secret: string, maxAgeMs: number, secure = false): string {
  return stringifySetCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
    secure: secure || new URL(request.url).protocol === 'https:',
  });
}
