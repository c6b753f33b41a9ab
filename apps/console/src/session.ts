// The browser's session with the gateway: an HttpOnly cookie the console never sees. The token is
// sent once, to exchange it for that cookie, and is not kept anywhere afterwards.

const SESSION_URL = '/auth/session';
const CSRF_HEADER = { 'x-graphql-yoga-csrf': '1' };

export type SessionStatus = 'signed-in' | 'signed-out' | 'unreachable';

/** Known once asked, so moving between pages does not ask the gateway each time. */
let known: SessionStatus | undefined;
/** A login link's token, held from the moment it leaves the URL until the sign-in page exchanges it. */
let linkToken: string | undefined;

export function holdLinkToken(token: string): void {
  linkToken = token;
}

export function hasLinkToken(): boolean {
  return linkToken !== undefined;
}

export function takeLinkToken(): string | undefined {
  const token = linkToken;
  linkToken = undefined;
  return token;
}

export async function sessionStatus(): Promise<SessionStatus> {
  if (known === 'signed-in') return known;
  try {
    const response = await fetch(SESSION_URL, { credentials: 'same-origin', headers: CSRF_HEADER });
    known = response.ok ? 'signed-in' : 'signed-out';
  } catch {
    // Not known: the console opens and shows the reconnect banner until the gateway answers.
    return 'unreachable';
  }
  return known;
}

/** The gateway said this browser is no longer signed in. */
export function forgetSession(): void {
  known = 'signed-out';
}

/** Exchanges the operator token for the session cookie; resolves to an error message, or null. */
export async function signIn(token: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(SESSION_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...CSRF_HEADER, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
  } catch {
    return "Can't reach the gateway. Check that it is running, then try again.";
  }
  if (response.ok) {
    known = 'signed-in';
    return null;
  }
  const code = await response.json().then(
    (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code,
    () => undefined,
  );
  if (code === 'RATE_LIMITED' || response.status === 429) return 'Too many failed attempts. Wait a few minutes, then try again.';
  if (code === 'UNAUTHENTICATED' || response.status === 401) return 'Wrong token: the gateway did not accept it.';
  return `Sign-in failed (HTTP ${response.status}).`;
}

/** Ends the session on the gateway; false when the gateway could not be reached. */
export async function signOut(): Promise<boolean> {
  try {
    const response = await fetch(SESSION_URL, { method: 'DELETE', credentials: 'same-origin', headers: CSRF_HEADER });
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
