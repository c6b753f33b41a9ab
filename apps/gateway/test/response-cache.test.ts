import { createFakeOpencode, newMessageId, type FakeOpencode } from '@otto/opencode';
import { bindSession } from '@otto/store';
import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/auth/console-session.js';
import { codes, eventually, startTestGateway, TOKEN, type GqlResult, type TestGateway } from './harness.js';

// The response cache on the in-memory fake: a poll is answered from the cache until something it
// shows changes, and the very next poll after any change sees it.
let fake: FakeOpencode;
let t: TestGateway;

interface Listed {
  id: string;
  title: string;
  state: string;
  binding: { key: string } | null;
}
const LIST = 'query Poll { threads(first: 50, includeUnbound: true) { nodes { id title state binding { key } } } }';
const THREAD = 'query One($id: ID!) { thread(id: $id) { id messages(last: 10) { nodes { role text } } } }';
const CREATE = 'mutation C($t: String!) { createThread(input: { title: $t }) { id } }';

async function start(options: Parameters<typeof startTestGateway>[0] | object = {}): Promise<void> {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake, healthIntervalMs: 100, ...options });
  await eventually(async () => t.gateway.services.mirror.isLive(), 5_000, 20);
}
afterEach(() => t.close());

const poll = async () => {
  const result = await t.gql<{ threads: { nodes: Listed[] } }>(LIST);
  expect(result.body.errors).toBeUndefined();
  return result;
};
const nodes = (result: GqlResult<{ threads: { nodes: Listed[] } }>) => result.body.data!.threads.nodes;
const byId = async (id: string) => nodes(await poll()).find((thread) => thread.id === id);

async function metric(name: string): Promise<number> {
  const text = await t.gateway.services.metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

/**
 * Polls until a poll is a hit: the answer is in the cache. (A late event of an earlier step, or a
 * binding list about to be re-read, may make the first few misses; that is not what is tested.)
 */
async function expectCached(): Promise<void> {
  await eventually(async () => {
    const hits = await metric('otto_response_cache_hits_total');
    await poll();
    return (await metric('otto_response_cache_hits_total')) === hits + 1;
  }, 5_000, 0);
}

function get(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return t.fetch(`/graphql?query=${encodeURIComponent(query)}`, {
    headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/graphql-response+json', [CSRF_HEADER]: '1', ...headers },
  });
}

describe('a poll whose answer cannot have changed is answered from the cache', () => {
  it('answers the second identical poll without executing it, with the same bytes and ETag', async () => {
    await start();
    await t.gql(CREATE, { t: 'first' });
    await expectCached();
    const first = await poll();
    const second = await poll();
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(first.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(second.headers.get('cache-control')).toBe('private, no-cache');
    expect(await metric('otto_response_cache_hits_total')).toBeGreaterThanOrEqual(1);
    expect(await metric('otto_response_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(await metric('otto_response_cache_bytes')).toBeGreaterThan(0);
  });

  it('a thread created — through the gateway or in OpenCode — is in the very next poll', async () => {
    await start();
    await expectCached();
    const { createThread } = (await t.gql<{ createThread: { id: string } }>(CREATE, { t: 'via gateway' })).body.data!;
    expect((await byId(createThread.id))?.title).toBe('via gateway');
    await expectCached();
    const session = await fake.createSession({ title: 'in opencode' });
    await eventually(async () => t.gateway.services.mirror.lastKnown(session.id));
    expect((await byId(session.id))?.title).toBe('in opencode');
  });

  it('a rename (session.updated) is in the very next poll', async () => {
    await start();
    const { createThread } = (await t.gql<{ createThread: { id: string } }>(CREATE, { t: 'before' })).body.data!;
    await expectCached();
    const session = await fake.getSession(createThread.id);
    fake.emit({ id: 'evt_rename', type: 'session.updated', properties: { sessionID: session.id, info: { ...session, title: 'after' } } });
    await eventually(async () => t.gateway.services.mirror.lastKnown(session.id)?.title === 'after');
    expect((await byId(session.id))?.title).toBe('after');
  });

  it('a state change (OpenCode crashes: UNKNOWN) is in the very next poll, and answers are not kept while it is away', async () => {
    await start();
    const { createThread } = (await t.gql<{ createThread: { id: string } }>(CREATE, { t: 'crashes' })).body.data!;
    expect((await byId(createThread.id))?.state).toBe('LIVE');
    await expectCached();
    fake.crash();
    await eventually(async () => !t.gateway.services.mirror.isLive(), 5_000, 10);
    expect((await byId(createThread.id))?.state).toBe('UNKNOWN');
    const hits = await metric('otto_response_cache_hits_total');
    await poll();
    await poll();
    expect(await metric('otto_response_cache_hits_total')).toBe(hits);
    fake.restart();
    await eventually(async () => t.gateway.services.mirror.isLive(), 5_000, 20);
    expect((await byId(createThread.id))?.state).toBe('LIVE');
  });

  it('a binding change (bind, unbind) is in the very next poll', async () => {
    await start();
    const session = await fake.createSession({ title: 'loose' });
    await eventually(async () => t.gateway.services.mirror.lastKnown(session.id));
    expect((await byId(session.id))?.binding).toBeNull();
    await expectCached();
    await t.gql('mutation B($i: BindThreadInput!) { bindThread(input: $i) { id } }', { i: { threadId: session.id, key: 'k:1', source: 'api' } });
    expect((await byId(session.id))?.binding).toEqual({ key: 'k:1' });
    await expectCached();
    await t.gql('mutation U($id: ID!) { unbindThread(threadId: $id) { id } }', { id: session.id });
    expect((await byId(session.id))?.binding).toBeNull();
  });

  it("another gateway's bind, seen only through the database, reaches a cached answer once the binding list is re-read", async () => {
    await start();
    const session = await fake.createSession({ title: 'bound elsewhere' });
    await eventually(async () => t.gateway.services.mirror.lastKnown(session.id));
    await expectCached();
    await bindSession(t.store.db, { sessionId: session.id, key: 'other:1', source: 'api', boundAt: Date.now(), server: 'default' });
    // The same bound as before the cache: ThreadService re-reads bindings after PEER_STALENESS_MS (1 s).
    await eventually(async () => (await byId(session.id))?.binding?.key === 'other:1', 5_000, 50);
  });

  it('a reply arriving (message events) is in the very next poll of the thread', async () => {
    await start();
    const { createThread } = (await t.gql<{ createThread: { id: string } }>(CREATE, { t: 'talk' })).body.data!;
    const messages = async () => (await t.gql<{ thread: { messages: { nodes: Array<{ role: string; text: string }> } } }>(THREAD, { id: createThread.id })).body.data!.thread.messages.nodes;
    expect(await messages()).toEqual([]);
    expect(await messages()).toEqual([]);
    // Sent to OpenCode directly: only its events tell the gateway.
    await fake.promptAsync({ sessionId: createThread.id, messageId: newMessageId(), text: 'hello there' });
    await eventually(async () => (await fake.messages(createThread.id)).messages.some((m) => m.info.role === 'assistant' && m.info.time.completed));
    const after = await messages();
    expect(after.map((m) => m.role)).toEqual(['USER', 'ASSISTANT']);
    expect(after[0]!.text).toBe('hello there');
  });
});

describe('what is never shared or kept', () => {
  it('two roles of one operator never share an answer that differs by role', async () => {
    await start();
    const viewerToken = (
      await t.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
        i: { name: 'viewer-script', role: 'VIEWER' },
      })
    ).body.data!.createApiToken.token;
    const OPERATORS = 'query Ops { operators { name role } }';
    const admin1 = await t.gql(OPERATORS);
    const admin2 = await t.gql(OPERATORS);
    expect(admin2.body).toEqual(admin1.body);
    expect(admin1.body.data).toBeTruthy();
    const viewer = await t.gql(OPERATORS, {}, { token: viewerToken });
    expect(viewer.body.data ?? null).toBeNull();
    expect(codes(viewer)).toEqual(['FORBIDDEN']);
    expect(viewer.headers.get('etag')).toBeNull();
    // And the admin is still answered as an admin.
    expect((await t.gql(OPERATORS)).body).toEqual(admin1.body);
  });

  it('two operators of one role never share an answer: Thread.pinned is per operator', async () => {
    await start();
    const { createOperator } = (
      await t.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', {
        i: { name: 'second-admin', password: 'second-admin-password', role: 'ADMIN' },
      })
    ).body.data!;
    const secondToken = (
      await t.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
        i: { name: 'second-script', operatorId: createOperator.id },
      })
    ).body.data!.createApiToken.token;
    const { createThread } = (await t.gql<{ createThread: { id: string } }>(CREATE, { t: 'pinned by one' })).body.data!;
    await t.gql('mutation P($id: ID!) { pinThread(threadId: $id) { id } }', { id: createThread.id });
    const PINNED = 'query Pins { threads(first: 50) { nodes { id pinned } } }';
    type Pins = { threads: { nodes: Array<{ pinned: boolean }> } };
    for (let i = 0; i < 2; i++) {
      expect((await t.gql<Pins>(PINNED)).body.data!.threads.nodes).toEqual([{ id: createThread.id, pinned: true }]);
      expect((await t.gql<Pins>(PINNED, {}, { token: secondToken })).body.data!.threads.nodes).toEqual([{ id: createThread.id, pinned: false }]);
    }
  });

  it('errors are not kept: each failing poll is executed again, and carries no ETag', async () => {
    await start();
    const BAD = 'query Bad { threads(first: 5, server: "gpu") { totalCount } }';
    const misses = await metric('otto_response_cache_misses_total');
    for (let i = 0; i < 3; i++) {
      const bad = await t.gql(BAD);
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.headers.get('etag')).toBeNull();
    }
    expect(await metric('otto_response_cache_misses_total')).toBe(misses + 3);
    expect(await metric('otto_response_cache_hits_total')).toBe(0);
  });

  it('queries of fields that move on their own (audit rows, system figures) are never kept', async () => {
    await start();
    const AUDIT = 'query A { auditEvents(first: 100) { totalCount } }';
    const first = (await t.gql<{ auditEvents: { totalCount: number } }>(AUDIT)).body.data!.auditEvents.totalCount;
    const second = (await t.gql<{ auditEvents: { totalCount: number } }>(AUDIT)).body.data!.auditEvents.totalCount;
    expect(second).toBe(first + 1);
    expect(await metric('otto_response_cache_entries')).toBe(0);
  });

  it('OTTO_RESPONSE_CACHE=off: every poll is executed, nothing is kept, changes show as before', async () => {
    await start({ responseCache: { enabled: false, maxEntries: 1_000, maxBytes: 16_777_216 } });
    await poll();
    const again = await poll();
    expect(again.headers.get('etag')).toBeNull();
    expect(await metric('otto_response_cache_hits_total')).toBe(0);
    expect(await metric('otto_response_cache_entries')).toBe(0);
    const { createThread } = (await t.gql<{ createThread: { id: string } }>(CREATE, { t: 'uncached' })).body.data!;
    expect((await byId(createThread.id))?.title).toBe('uncached');
  });

  it('stays within its entries and bytes, evicting the least recently used', async () => {
    await start({ responseCache: { enabled: true, maxEntries: 2, maxBytes: 16_777_216 } });
    for (const first of [1, 2, 3, 4]) await t.gql(`query P${first} { threads(first: ${first}) { totalCount } }`);
    expect(await metric('otto_response_cache_entries')).toBe(2);
    expect(await metric('otto_response_cache_evictions_total')).toBe(2);
  });
});

describe('conditional polls', () => {
  it('a GET with the ETag of an identical answer gets 304 and no body; a changed answer gets 200 and a new ETag', async () => {
    await start();
    const first = await get(LIST);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    const etag = first.headers.get('etag')!;
    const body = await first.text();
    const unchanged = await get(LIST, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(unchanged.headers.get('x-request-id')).toBeTruthy();
    // A weak form of the same tag matches too; another tag does not.
    expect((await get(LIST, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await get(LIST, { 'if-none-match': '"other"' })).status).toBe(200);

    await t.gql(CREATE, { t: 'new' });
    const changed = await get(LIST, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).not.toBe(body);
  });

  it('a change that leaves the answer identical still gets 304: the ETag is of the bytes', async () => {
    await start();
    const etag = (await get(LIST)).headers.get('etag')!;
    await t.gql('mutation { pinThread(threadId: "nope") { id } }');
    expect((await get(LIST, { 'if-none-match': etag })).status).toBe(304);
  });

  it("labels a cached answer with the media type Yoga's own processor would, for every Accept", async () => {
    await start();
    const accepts = ['', '*/*', 'application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9', 'application/json, text/event-stream, multipart/mixed'];
    for (const accept of accepts) {
      const headers: Record<string, string> = accept ? { accept } : {};
      const executed = await get('query Audit { auditEvents(first: 1) { totalCount } }', headers);
      await get(LIST, headers);
      const cached = await get(LIST, headers);
      expect(cached.headers.get('etag'), accept).toBeTruthy();
      expect(cached.headers.get('content-type'), accept).toBe(executed.headers.get('content-type'));
    }
  });

  it('a POST is never answered 304, even with a matching If-None-Match', async () => {
    await start();
    const etag = (await poll()).headers.get('etag')!;
    const posted = await t.gql(LIST, undefined, { headers: { 'if-none-match': etag } });
    expect(posted.status).toBe(200);
    expect(posted.body.data).toBeTruthy();
  });
});

describe('audit', () => {
  it('every poll leaves its audit row, cached, 304 or executed, with the action and operation name of an executed one', async () => {
    await start();
    const before = await t.store.db.selectFrom('audit_events').selectAll().execute();
    const polls = 12;
    let etag: string | null = null;
    for (let i = 0; i < polls; i++) {
      const response = await get(LIST, etag ? { 'if-none-match': etag } : {});
      etag = response.headers.get('etag');
      await response.arrayBuffer();
    }
    await Promise.all(Array.from({ length: polls }, () => poll()));
    const rows = (await t.store.db.selectFrom('audit_events').selectAll().orderBy('id').execute()).slice(before.length);
    expect(rows).toHaveLength(polls * 2);
    const [first] = rows;
    expect(first!.operation_name).toBe('Poll');
    for (const row of rows) expect([row.action, row.operation_name, row.outcome, row.error_code]).toEqual([first!.action, 'Poll', 'OK', null]);
    expect(await metric('otto_response_cache_hits_total')).toBeGreaterThanOrEqual(polls);
  });
});
