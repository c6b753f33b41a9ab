// A login link carries a secret in its fragment (never sent to a server, never in a referrer): the
// first-start link `/login#setup=…` the gateway prints while admin has no password, and the older
// `/login#token=…`. The secret is taken out of the address bar and the history entry at once and held
// here, in memory only, until the sign-in page uses it.

export type LoginLink = { kind: 'setup'; secret: string } | { kind: 'token'; secret: string };

const LOGIN_PATH = '/login';

let held: LoginLink | undefined;

/** The secret a fragment such as `#setup=…` carries, if any. */
export function loginLinkOf(hash: string): LoginLink | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const setup = params.get('setup')?.trim();
  if (setup) return { kind: 'setup', secret: setup };
  const token = params.get('token')?.trim();
  if (token) return { kind: 'token', secret: token };
  return undefined;
}

export function holdLoginLink(link: LoginLink): void {
  held = link;
}

export function hasLoginLink(): boolean {
  return held !== undefined;
}

/** The held secret, handed over once. */
export function takeLoginLink(): LoginLink | undefined {
  const link = held;
  held = undefined;
  return link;
}

/**
 * Called before the router reads the address: a login link's secret is held and the address bar and
 * the current history entry are replaced without it, so it never enters the router's history state.
 */
export function captureLoginLink(location: Pick<Location, 'pathname' | 'search' | 'hash'> = window.location, history: Pick<History, 'replaceState'> = window.history): void {
  if (location.pathname !== LOGIN_PATH) return;
  const link = loginLinkOf(location.hash);
  if (!link) return;
  holdLoginLink(link);
  history.replaceState(null, '', location.pathname + location.search);
}
