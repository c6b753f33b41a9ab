import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, signInAsAdmin, startStack, type Stack } from './harness.js';

// The console's polls, in Debian's chromium against the real gateway: the browser's HTTP cache
// revalidates them with If-None-Match, and an unchanged answer comes back as a bodiless 304.
let stack: Stack;

/** Issue 15: an idle poll of the thread list, request and answer, headers included. */
const IDLE_POLL_BYTES = 2048;

interface Poll {
  operation: 'Threads' | 'Thread';
  /** The status on the wire: Playwright reports a revalidated answer as the cached 200. */
  status: number;
  /** When the browser sent it, ms since the epoch. */
  startedAt: number;
  /** Request line and headers (a GET has no body), and the answer as received, headers included. */
  bytes: number;
  ifNoneMatch: boolean;
}

/** What Chromium reported of each request, by its id: extra-info events come in any order. */
const seen = new Map<string, { operation?: Poll['operation']; url?: URL; startedAt?: number; headers?: Record<string, string>; status?: number; responseBytes?: number }>();

/** The polls answered so far, each with all its events in. */
function polls(): Poll[] {
  return [...seen.values()].flatMap(({ operation, url, startedAt, headers, status, responseBytes }) => {
    if (!operation || !url || startedAt === undefined || !headers || status === undefined || responseBytes === undefined) return [];
    const lines = [`GET ${url.pathname}${url.search} HTTP/1.1`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
    const requestBytes = Buffer.byteLength(`${lines.join('\r\n')}\r\n\r\n`);
    const ifNoneMatch = Object.keys(headers).some((name) => name.toLowerCase() === 'if-none-match');
    return [{ operation, status, startedAt, bytes: requestBytes + responseBytes, ifNoneMatch }];
  }).sort((a, b) => a.startedAt - b.startedAt);
}

/** Records the thread list's and thread's polls from Chromium's own network events, raw headers and all. */
async function recordPolls(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const entry = (requestId: string) => seen.get(requestId) ?? seen.set(requestId, {}).get(requestId)!;
  cdp.on('Network.requestWillBeSent', ({ requestId, request, wallTime }) => {
    const url = new URL(request.url);
    const operation = url.searchParams.get('operationName');
    if (url.pathname === '/graphql' && (operation === 'Threads' || operation === 'Thread')) Object.assign(entry(requestId), { operation, url, startedAt: wallTime * 1000 });
  });
  cdp.on('Network.requestWillBeSentExtraInfo', ({ requestId, headers }) => void (entry(requestId).headers = headers));
  cdp.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) => void (entry(requestId).status = statusCode));
  // The bytes received for the answer, its headers included.
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => void (entry(requestId).responseBytes = encodedDataLength));
  await cdp.send('Network.enable');
}

/** Resolves with the first poll of `operation` sent after `since` (by default, now). */
async function nextPoll(since = Date.now(), operation: Poll['operation'] = 'Threads'): Promise<Poll> {
  const next = () => polls().find((poll) => poll.operation === operation && poll.startedAt > since);
  await expect.poll(next, { timeout: 20_000, interval: 200 }).toBeDefined();
  return next() as Poll;
}

beforeAll(async () => {
  stack = await startStack();
  await gql(stack, 'mutation { createThread(input: { title: "Already here" }) { id } }');
  // Without streams the console polls the list (the same as when threadChanged is down); the HTTP
  // cache must stay on, so this is done in the page rather than with request interception.
  await stack.page.addInitScript(() => {
    delete (window as { TransformStream?: unknown }).TransformStream;
  });
  await recordPolls(stack.page);
  await signInAsAdmin(stack.page, stack.gateway.url);
});

afterAll(async () => {
  await stack?.close();
});

describe('a poll', () => {
  it('of the thread list is a GET revalidated with If-None-Match, answered 304 within 2 KB on the wire while nothing changes', async () => {
    await stack.page.getByRole('link', { name: /Already here/ }).first().waitFor();
    // The first answer fills the cache; a later poll of the same list is revalidated.
    let poll = await nextPoll();
    for (let i = 0; i < 3 && poll.status !== 304; i += 1) poll = await nextPoll(poll.startedAt);
    expect(poll).toMatchObject({ status: 304, ifNoneMatch: true });
    expect(poll.bytes).toBeGreaterThan(500);
    expect(poll.bytes).toBeLessThanOrEqual(IDLE_POLL_BYTES);
  });

  it('of the thread list shows a thread created meanwhile, the first time it is sent after the change', async () => {
    await gql(stack, 'mutation { createThread(input: { title: "Made while polling" }) { id } }');
    // A poll already on its way when the change was acknowledged may still say the old list.
    const poll = await nextPoll(Date.now());
    expect(poll.status).toBe(200);
    await stack.page.getByRole('link', { name: /Made while polling/ }).first().waitFor({ timeout: 5_000 });
  });

  it('of an open thread is revalidated the same way while nothing streams', async () => {
    await stack.page.getByRole('link', { name: /Already here/ }).first().click();
    let poll = await nextPoll(Date.now(), 'Thread');
    for (let i = 0; i < 2 && poll.status !== 304; i += 1) poll = await nextPoll(poll.startedAt, 'Thread');
    expect(poll).toMatchObject({ status: 304, ifNoneMatch: true });
  });
});
