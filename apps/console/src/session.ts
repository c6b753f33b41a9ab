// The browser's session with the gateway: an HttpOnly cookie the console never sees. A name and
// password (or a token, or the first-start link's secret) is sent once, to exchange it for that
// cookie, and is not kept anywhere afterwards.

import { signInFailure, type SignInMethod } from './signInMessages';

const SESSION_URL = '/auth/session';
const CSRF_HEADER = { 'x-graphql-yoga-csrf': '1' };

export type SessionStatus = 'signed-in' | 'signed-out' | 'unreachable';

/**
 * The answer, once the gateway gave one, so moving between pages does not ask it each time. Signing
 * in or out, or a request the gateway refused as signed out, replaces it.
 */
let known: 'signed-in' | 'signed-out' | undefined;
/** The question in flight: the first route's guard and the login redirect's guard share it. */
let asking: Promise<SessionStatus> | undefined;

/** Asks the gateway at most once per page load; a gateway that did not answer is asked again next time. */
export function sessionStatus(): Promise<SessionStatus> {
  if (known) return Promise.resolve(known);
  asking ??= probe().finally(() => {
    asking = undefined;
  });
  return asking;
}

async function probe(): Promise<SessionStatus> {
  let response: Response;
  try {
    response = await fetch(SESSION_URL, { credentials: 'same-origin', headers: CSRF_HEADER });
  } catch {
    // Not known: the console opens and shows the reconnect banner until the gateway answers.
    return 'unreachable';
  }
  // Only the status matters, but an unread body keeps the request open in the browser: let it go.
  await release(response);
  // Anything but yes or no (a proxy's 502 while the gateway restarts) is no answer, and not kept.
  if (!response.ok && response.status !== 401) return 'unreachable';
  // A sign-in or sign-out that finished meanwhile knows better than this answer.
  known ??= response.ok ? 'signed-in' : 'signed-out';
  return known;
}

async function release(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/** The gateway said this browser is no longer signed in. */
export function forgetSession(): void {
  known = 'signed-out';
}

/** What proves who the browser is: a name and password (the normal way), a token, or the first-start link. */
export type Credentials = { name: string; password: string } | { token: string } | { setup: string; password: string };

function methodOf(credentials: Credentials): SignInMethod {
  if ('setup' in credentials) return 'setup';
  return 'token' in credentials ? 'token' : 'password';
}

/** Exchanges the credentials for the session cookie; resolves to an error message, or null. */
export async function signIn(credentials: Credentials): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(SESSION_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...CSRF_HEADER, 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
  } catch {
    return "Can't reach the gateway. Check that it is running, then try again.";
  }
  if (response.ok) {
    await release(response);
    known = 'signed-in';
    return null;
  }
  const code = await response.json().then(
    (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code,
    () => undefined,
  );
  return signInFailure(methodOf(credentials), { status: response.status, code, retryAfter: response.headers.get('retry-after') });
}

/** Ends the session on the gateway; false when the gateway could not be reached. */
export async function signOut(): Promise<boolean> {
  try {
    const response = await fetch(SESSION_URL, { method: 'DELETE', credentials: 'same-origin', headers: CSRF_HEADER });
    await release(response);
    if (!response.ok) return false;
  } catch {
    return false;
  }
  known = 'signed-out';
  return true;
}

/** Where to go after signing in: only a path inside the console, never another site. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
