import { request } from 'node:http';

export interface FreshnessOptions {
  /** The gateway's /graphql URL. */
  url: string;
  token: string;
  /** A threads query selecting `totalCount`, as query text. */
  query: string;
  /** Bound threads when the run starts. */
  bound: number;
  pollers: number;
  seconds: number;
  /** Milliseconds between two changes. */
  changeEveryMs: number;
}

export interface FreshnessResult {
  changes: number;
  answers: number;
  notModified: number;
  /** Answers to polls sent after a change was acknowledged that do not show it. */
  stale: number;
  errors: number;
  /** The threads the run created, to be unbound afterwards. */
  created: string[];
}

/** A GET is a "simple" request to a browser, so the gateway's CSRF prevention asks its header of scripts too. */
const getHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pollers of the thread list, each a conditional GET (If-None-Match of its last answer), while a
 * thread is created through the gateway every `changeEveryMs`. Each created thread adds one to
 * `totalCount`, so an answer is stale when it counts fewer than the changes acknowledged before its
 * poll was sent — a 304 counting as its poller's previous answer.
 */
export async function freshness(options: FreshnessOptions): Promise<FreshnessResult> {
  const auth = getHeaders(options.token);
  const getUrl = `${options.url}?query=${encodeURIComponent(options.query)}`;
  const acknowledged: number[] = [];
  const created: string[] = [];
  const result = { answers: 0, notModified: 0, stale: 0, errors: 0 };
  const end = performance.now() + options.seconds * 1000;

  async function poller() {
    let etag: string | undefined;
    let count = 0;
    while (performance.now() < end) {
      const sentAt = performance.now();
      const expected = options.bound + acknowledged.filter((at) => at < sentAt).length;
      try {
        const response = await fetch(getUrl, { headers: { ...auth, ...(etag ? { 'if-none-match': etag } : {}) } });
        if (response.status === 304) {
          result.notModified += 1;
          await response.body?.cancel();
        } else if (response.status === 200) {
          const body = (await response.json()) as { data?: { threads?: { totalCount: number } } };
          count = body.data?.threads?.totalCount ?? -1;
          etag = response.headers.get('etag') ?? undefined;
        } else {
          result.errors += 1;
          await response.body?.cancel();
          continue;
        }
        result.answers += 1;
        if (count < expected) result.stale += 1;
      } catch {
        result.errors += 1;
      }
    }
  }

  async function changer() {
    for (let i = 0; performance.now() < end - options.changeEveryMs; i += 1) {
      await sleep(options.changeEveryMs);
      const id = await createThread(options.url, options.token, `freshness ${i}`);
      created.push(id);
      acknowledged.push(performance.now());
    }
  }

  await Promise.all([changer(), ...Array.from({ length: options.pollers }, poller)]);
  return { ...result, changes: acknowledged.length, created };
}

async function graphql(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const body = JSON.stringify({ query, variables });
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  const answer = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (!answer.data || answer.errors) throw new Error(`GraphQL answered HTTP ${response.status} with errors`);
  return answer.data;
}

async function createThread(url: string, token: string, title: string): Promise<string> {
  const data = await graphql(url, token, 'mutation($title: String!) { createThread(input: { title: $title }) { id } }', { title });
  return (data.createThread as { id: string }).id;
}

export async function unbindThreads(url: string, token: string, ids: string[]): Promise<void> {
  for (const id of ids) await graphql(url, token, 'mutation($id: ID!) { unbindThread(threadId: $id) { id } }', { id });
}

/**
 * The bytes on the wire, request and response with their headers, of one idle poll: a conditional
 * GET of `query` whose answer has not changed since the previous one. Each GET goes on a socket of
 * its own so the socket's counters hold exactly one exchange.
 */
export async function idlePollBytes(url: string, token: string, query: string): Promise<{ status: number; bytes: number }> {
  const getUrl = `${url}?query=${encodeURIComponent(query)}`;
  const first = await exchange(getUrl, getHeaders(token));
  if (!first.etag) throw new Error(`no ETag on a GET query (HTTP ${first.status})`);
  const idle = await exchange(getUrl, { ...getHeaders(token), 'if-none-match': first.etag });
  return { status: idle.status, bytes: idle.bytes };
}

function exchange(url: string, headers: Record<string, string>): Promise<{ status: number; etag?: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (response) => {
      response.resume();
      response.once('end', () => {
        const etag = response.headers.etag;
        // The socket is closed once the answer is read; its counters stay.
        setImmediate(() => resolve({ status: response.statusCode ?? 0, etag, bytes: req.socket!.bytesWritten + req.socket!.bytesRead }));
      });
    });
    req.once('error', reject);
    req.end();
  });
}
