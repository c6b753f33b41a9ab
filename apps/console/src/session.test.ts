import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Module state (the remembered answer) is per page load: each test loads the modules afresh.
async function load() {
  vi.resetModules();
  const session = await import('./session');
  const loginLink = await import('./loginLink');
  const { router } = await import('./router');
  return { ...session, ...loginLink, router };
}

/** The gateway's answers to GET /auth/session, each with a body the console must not leave open. */
function answer(status: number, headers: Record<string, string> = {}): Response {
  const body = status === 200 ? { authenticated: true } : { errors: [{ message: 'Not signed in', extensions: { code: 'UNAUTHENTICATED' } }] };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

let responses: Response[];
const cancelled = new WeakSet<Response>();

/** Read to the end or cancelled: either way the browser can close the request. */
const released = (response: Response) => response.bodyUsed || cancelled.has(response);

function mockFetch(make: () => Response) {
  responses = [];
  const fetchMock = vi.fn(async () => {
    const response = make();
    const body = response.body;
    if (body) {
      const cancel = body.cancel.bind(body);
      vi.spyOn(body, 'cancel').mockImplementation((reason) => {
        cancelled.add(response);
        return cancel(reason);
      });
    }
    responses.push(response);
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

beforeEach(() => {
  window.history.replaceState(null, '', '/');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

// The first import of the router compiles the whole app's pages: slow on a busy machine, once.
describe('sessionStatus', { timeout: 20_000 }, () => {
  it('asks the gateway once per page load: concurrent calls, the first route and its login redirect share it', async () => {
    const fetchMock = mockFetch(() => answer(401));
    const { sessionStatus, router } = await load();

    const [first, second] = await Promise.all([sessionStatus(), sessionStatus()]);
    expect([first, second]).toEqual(['signed-out', 'signed-out']);

    await router.push('/');
    expect(router.currentRoute.value.name).toBe('login');
    await router.push('/audit');
    expect(router.currentRoute.value.fullPath).toBe('/login?next=/audit');

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(responses.map(released)).toEqual([true]);
  });

  it('lets go of the body of a yes as well, and remembers it across routes', async () => {
    const fetchMock = mockFetch(() => answer(200));
    const { sessionStatus, router } = await load();

    await router.push('/system');
    expect(router.currentRoute.value.name).toBe('system');
    expect(await sessionStatus()).toBe('signed-in');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(responses.map(released)).toEqual([true]);
  });

  it('sends the CSRF header with the question', async () => {
    const fetchMock = mockFetch(() => answer(401));
    const { sessionStatus } = await load();
    await sessionStatus();
    expect(fetchMock).toHaveBeenCalledWith('/auth/session', expect.objectContaining({ headers: { 'x-graphql-yoga-csrf': '1' } }));
  });

  it('does not remember that the gateway could not be reached', async () => {
    const fetchMock = vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValueOnce(answer(401));
    vi.stubGlobal('fetch', fetchMock);
    const { sessionStatus } = await load();
    expect(await sessionStatus()).toBe('unreachable');
    expect(await sessionStatus()).toBe('signed-out');
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});

describe('login links', () => {
  it("takes a first-start link's secret out of the address bar and the history before the router reads it", async () => {
    const fetchMock = mockFetch(() => answer(401));
    window.history.replaceState(null, '', '/login?next=/audit#setup=first-start-secret');
    const { router, takeLoginLink } = await load();

    expect(window.location.hash).toBe('');
    expect(JSON.stringify(window.history.state ?? null)).not.toContain('first-start-secret');
    await router.push('/login?next=/audit');
    expect(router.currentRoute.value.name).toBe('login');
    expect(JSON.stringify(window.history.state)).not.toContain('first-start-secret');
    expect(takeLoginLink()).toEqual({ kind: 'setup', secret: 'first-start-secret' });
    // The page with the link opens without asking the gateway whether this browser is signed in.
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('does the same for a link followed inside the page, where only the fragment changes', async () => {
    mockFetch(() => answer(401));
    const { router, takeLoginLink } = await load();
    await router.push('/login#setup=another-secret');
    expect(router.currentRoute.value.fullPath).toBe('/login');
    expect(window.location.href).not.toContain('another-secret');
    expect(JSON.stringify(window.history.state)).not.toContain('another-secret');
    expect(takeLoginLink()).toEqual({ kind: 'setup', secret: 'another-secret' });
  });
});

describe('signIn', () => {
  it('sends the name and password once, as JSON with the CSRF header, and is signed in after', async () => {
    const fetchMock = mockFetch(() => new Response(null, { status: 204 }));
    const { signIn, sessionStatus } = await load();
    expect(await signIn({ name: 'alice', password: 'correct horse battery' })).toBeNull();
    expect(fetchMock).toHaveBeenCalledWith(
      '/auth/session',
      expect.objectContaining({
        method: 'POST',
        headers: { 'x-graphql-yoga-csrf': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'alice', password: 'correct horse battery' }),
      }),
    );
    expect(await sessionStatus()).toBe('signed-in');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('says a wrong name or password is wrong, without saying which', async () => {
    mockFetch(() => answer(401));
    const { signIn } = await load();
    expect(await signIn({ name: 'alice', password: 'not the password' })).toBe('Wrong name or password.');
  });

  it('says how long to wait when the gateway locks this address out of the account', async () => {
    mockFetch(() => answer(429, { 'retry-after': '840' }));
    const { signIn } = await load();
    expect(await signIn({ name: 'alice', password: 'not the password' })).toBe(
      "Too many wrong passwords for this name from this browser's address. Try again in 14 minutes.",
    );
  });

  it('says a wrong token is wrong', async () => {
    mockFetch(() => answer(401));
    const { signIn } = await load();
    expect(await signIn({ token: 'wrong' })).toMatch(/wrong token/i);
  });

  it("says when the gateway can't be reached", async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const { signIn } = await load();
    expect(await signIn({ name: 'alice', password: 'whatever it is' })).toMatch(/Can't reach the gateway/);
  });
});
