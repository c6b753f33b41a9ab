import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Module state (the remembered answer) is per page load: each test loads the modules afresh.
async function load() {
  vi.resetModules();
  const session = await import('./session');
  const { router } = await import('./router');
  return { ...session, router };
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

describe('signIn', () => {
  it('says how long to wait when the gateway refuses more wrong tokens', async () => {
    mockFetch(() => answer(429, { 'retry-after': '840' }));
    const { signIn } = await load();
    expect(await signIn('wrong')).toBe("Too many wrong tokens from this browser's address. Try again in 14 minutes.");
  });

  it('says a wrong token is wrong', async () => {
    mockFetch(() => answer(401));
    const { signIn } = await load();
    expect(await signIn('wrong')).toMatch(/wrong token/i);
  });
});

describe('tooManyTokens', () => {
  it('puts the wait in minutes, rounded up, or in seconds under a minute', async () => {
    const { tooManyTokens } = await load();
    const lead = "Too many wrong tokens from this browser's address.";
    expect(tooManyTokens('900')).toBe(`${lead} Try again in 15 minutes.`);
    expect(tooManyTokens('61')).toBe(`${lead} Try again in 2 minutes.`);
    expect(tooManyTokens('60')).toBe(`${lead} Try again in 1 minute.`);
    expect(tooManyTokens('45')).toBe(`${lead} Try again in 45 seconds.`);
    expect(tooManyTokens('1')).toBe(`${lead} Try again in 1 second.`);
  });

  it('reads an HTTP date, and says something useful without a header', async () => {
    const { tooManyTokens } = await load();
    const now = Date.parse('2026-11-23T09:00:00Z');
    expect(tooManyTokens('Mon, 23 Nov 2026 09:05:00 GMT', now)).toMatch(/Try again in 5 minutes\.$/);
    expect(tooManyTokens(null)).toMatch(/Wait a few minutes, then try again\.$/);
    expect(tooManyTokens('soon')).toMatch(/Wait a few minutes, then try again\.$/);
  });
});
