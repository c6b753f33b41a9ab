import { createFakeOpencode, newMessageId, type FakeOpencode } from '@otto/opencode';
import { openMemoryStore, type Store } from '@otto/store';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codes, eventually, ok, startTestGateway, type TestGateway } from './harness.js';

// The message archive and searchMessages, on the in-memory OpenCode: what is archived and when,
// what a search answers, a STALE thread's history, and OTTO_ARCHIVE=off.
let fake: FakeOpencode;
let t: TestGateway;

const SEARCH = `query Find($q: String!, $first: Int, $after: String) {
  searchMessages(query: $q, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { snippet highlights { start end } thread { id title state } message { id role text createdAt } } }
    nodes { message { id } }
  }
}`;
const SEND = 'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id } reply { id text } } }';
const MESSAGES = 'query M($id: ID!, $last: Int, $before: ID) { thread(id: $id) { state messages(last: $last, before: $before) { nodes { id role text status } hasOlder olderCursor } } }';

interface Hit {
  snippet: string;
  highlights: Array<{ start: number; end: number }>;
  thread: { id: string; title: string; state: string };
  message: { id: string; role: string; text: string; createdAt: string };
}
interface Found {
  searchMessages: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; node: Hit }>;
    nodes: Array<{ message: { id: string } }>;
  };
}

const search = async (q: string, extra: { first?: number; after?: string; token?: string } = {}) =>
  t.gql<Found>(SEARCH, { q, first: extra.first, after: extra.after }, { token: extra.token });

async function thread(title: string): Promise<string> {
  return ok(await t.gql<{ createThread: { id: string } }>('mutation C($t: String!) { createThread(input: { title: $t }) { id } }', { t: title })).createThread.id;
}

/** Sends and waits for the reply, then for the archive to have written it. */
async function converse(threadId: string, text: string): Promise<{ messageId: string; replyId: string }> {
  const sent = ok(await t.gql<{ sendMessage: { message: { id: string }; reply: { id: string } } }>(SEND, { i: { threadId, text, awaitReply: true } }));
  if (t.gateway.services.archive.enabled) await archived(sent.sendMessage.reply.id);
  else await t.gateway.services.archive.settled();
  return { messageId: sent.sendMessage.message.id, replyId: sent.sendMessage.reply.id };
}

/** Waits until the archive holds the message. */
async function archived(messageId: string): Promise<void> {
  await eventually(() => t.store.db.selectFrom('message_archive').select('id').where('message_id', '=', messageId).executeTakeFirst(), 5_000, 10);
}

async function start(options: { archive?: boolean; store?: Store } = {}) {
  fake = createFakeOpencode({ replyDelayMs: 5 });
  t = await startTestGateway({ opencode: fake, healthIntervalMs: 50, ...options });
  await eventually(async () => (await t.gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).body.data?.system.opencode.status === 'UP', 5_000, 10);
}

describe('searchMessages', () => {
  beforeEach(() => start());
  afterEach(() => t.close());

  it('finds a word of a reply in another thread, with its thread, the message and the highlighted snippet', async () => {
    const deploys = await thread('deploys');
    await thread('elsewhere');
    fake.scriptReplies((text) => (text.includes('status') ? { text: 'The canary rollout finished without errors.' } : undefined));
    const { replyId } = await converse(deploys, 'status of the rollout?');
    const found = ok(await search('canary'));
    expect(found.searchMessages.totalCount).toBe(1);
    const [edge] = found.searchMessages.edges;
    expect(edge!.node).toMatchObject({
      thread: { id: deploys, title: 'deploys', state: 'LIVE' },
      message: { id: replyId, role: 'ASSISTANT', text: 'The canary rollout finished without errors.' },
      snippet: 'The canary rollout finished without errors.',
      highlights: [{ start: 4, end: 10 }],
    });
    expect(found.searchMessages.nodes).toEqual([{ message: { id: replyId } }]);
  });

  it("archives the operator's message with the reply to it", async () => {
    const id = await thread('questions');
    const { messageId } = await converse(id, 'where is the kubeconfig kept?');
    const hits = ok(await search('kubeconfig')).searchMessages.edges.map((edge) => edge.node.message);
    // The fake's reply echoes the question: both messages hold the word.
    expect(hits.map((message) => message.role).sort()).toEqual(['ASSISTANT', 'USER']);
    expect(hits.find((message) => message.role === 'USER')).toMatchObject({ id: messageId, text: 'where is the kubeconfig kept?' });
  });

  it('pages forward through the hits', async () => {
    const id = await thread('many');
    for (let i = 0; i < 3; i++) await converse(id, `ticket ${i}`);
    const first = ok(await search('ticket', { first: 4 })).searchMessages;
    expect(first.edges).toHaveLength(4);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(await search('ticket', { first: 4, after: first.pageInfo.endCursor! })).searchMessages;
    expect(rest.edges).toHaveLength(2);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.edges, ...rest.edges].map((edge) => edge.node.message.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('keeps nothing of sessions no binding names', async () => {
    const session = await fake.createSession({ title: 'unbound' });
    await fake.promptAsync({ sessionId: session.id, messageId: newMessageId(), text: 'unbound zebra' });
    await eventually(async () => (await fake.messages(session.id)).messages.some((m) => m.info.role === 'assistant' && m.info.time.completed), 5_000, 10);
    await t.gateway.services.archive.settled();
    expect(ok(await search('zebra')).searchMessages.totalCount).toBe(0);
    expect(await t.store.db.selectFrom('message_archive').selectAll().execute()).toEqual([]);
  });

  it("archives what a bound thread's page shows, when it completed while no gateway listened", async () => {
    // Not started: this gateway hears no event, and reads OpenCode only when asked.
    await t.close();
    t = await startTestGateway({ opencode: fake, start: false });
    const session = await fake.createSession({ title: 'older' });
    await fake.promptAsync({ sessionId: session.id, messageId: newMessageId(), text: 'an old pelican story' });
    await eventually(async () => (await fake.messages(session.id)).messages.some((m) => m.info.role === 'assistant' && m.info.time.completed), 5_000, 10);
    ok(await t.gql('mutation B($i: BindThreadInput!) { bindThread(input: $i) { id } }', { i: { threadId: session.id, key: 'import:1', source: 'api' } }));
    expect(ok(await search('pelican')).searchMessages.totalCount).toBe(0);
    ok(await t.gql(MESSAGES, { id: session.id }));
    await eventually(async () => ok(await search('pelican')).searchMessages.totalCount === 2, 5_000, 10);
    // Read again, nothing is written again.
    const archivedAt = await t.store.db.selectFrom('message_archive').select('archived_at').execute();
    ok(await t.gql(MESSAGES, { id: session.id }));
    await t.gateway.services.archive.settled();
    expect(await t.store.db.selectFrom('message_archive').select('archived_at').execute()).toEqual(archivedAt);
  });

  it('refuses a query without a word, or too long, and takes hostile syntax as plain words', async () => {
    for (const q of ['', '  ()*" ', 'x'.repeat(201), Array.from({ length: 17 }, (_, i) => `w${i}`).join(' ')]) {
      expect(codes(await t.gql(SEARCH, { q }))).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await t.gql(SEARCH, { q: 'w', first: 51 }))).toEqual(['BAD_USER_INPUT']);
    const id = await thread('syntax');
    await converse(id, 'Do NOT use OR here');
    expect(ok(await search('" OR * NEAR(')).searchMessages.totalCount).toBe(0);
    expect(ok(await search('" NOT * OR(')).searchMessages.totalCount).toBe(2);
  });

  it('is audited as message.search, without the words searched for', async () => {
    ok(await search('confidential-word'));
    const rows = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'message.search').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'OK', operation_name: 'Find' });
    expect(JSON.stringify(rows)).not.toContain('confidential');
  });

  it('answers a VIEWER, and nobody without a token', async () => {
    const password = 'search-viewer-password-long';
    rememberSecrets(password);
    const { createOperator } = ok(
      await t.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', { i: { name: 'searcher', password, role: 'VIEWER' } }),
    );
    const { createApiToken } = ok(
      await t.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', { i: { name: 'search', operatorId: createOperator.id } }),
    );
    rememberSecrets(createApiToken.token);
    expect(ok(await search('anything', { token: createApiToken.token })).searchMessages.totalCount).toBe(0);
    expect((await t.gql(SEARCH, { q: 'anything' }, { token: null })).status).toBe(401);
  });
});

describe('a STALE thread', () => {
  beforeEach(() => start());
  afterEach(() => t.close());

  it('keeps its archived history readable, a page at a time, and stays searchable', async () => {
    const id = await thread('forgotten');
    for (let i = 0; i < 3; i++) await converse(id, `step ${i}`);
    await fake.deleteSession(id);
    await eventually(async () => ok(await t.gql<{ thread: { state: string } }>(MESSAGES, { id, last: 1 })).thread.state === 'STALE', 5_000, 10);
    type Page = { thread: { messages: { nodes: Array<{ role: string; text: string; status: string }>; hasOlder: boolean; olderCursor: string | null } } };
    const newest = ok(await t.gql<Page>(MESSAGES, { id, last: 4 })).thread.messages;
    expect(newest.nodes.map((m) => m.text)).toEqual(['step 1', 'echo: step 1', 'step 2', 'echo: step 2']);
    expect(newest.nodes.every((m) => m.status === 'COMPLETE')).toBe(true);
    expect(newest.hasOlder).toBe(true);
    const older = ok(await t.gql<Page>(MESSAGES, { id, last: 4, before: newest.olderCursor })).thread.messages;
    expect(older.nodes.map((m) => `${m.role}:${m.text}`)).toEqual(['USER:step 0', 'ASSISTANT:echo: step 0']);
    expect(older.hasOlder).toBe(false);
    const hit = ok(await search('step 2')).searchMessages.edges[0]!.node;
    expect(hit.thread).toMatchObject({ id, state: 'STALE' });
  });
});

describe('OTTO_ARCHIVE=off', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps no text, finds nothing, shows a STALE thread without history, and forgets what an earlier run kept', async () => {
    await start({ store });
    const kept = await thread('kept before');
    await converse(kept, 'remember the walrus');
    expect(ok(await search('walrus')).searchMessages.totalCount).toBe(2);
    await t.close();

    await start({ store, archive: false });
    await t.gateway.services.archive.settled();
    expect(await store.db.selectFrom('message_archive').selectAll().execute()).toEqual([]);
    const id = await thread('off');
    await converse(id, 'the walrus again');
    expect(await store.db.selectFrom('message_archive').selectAll().execute()).toEqual([]);
    expect(ok(await search('walrus')).searchMessages).toMatchObject({ totalCount: 0, edges: [] });
    expect(ok(await t.gql<{ system: { messageArchive: boolean } }>('{ system { messageArchive } }')).system.messageArchive).toBe(false);
    await fake.deleteSession(id);
    await eventually(async () => ok(await t.gql<{ thread: { state: string } }>(MESSAGES, { id })).thread.state === 'STALE', 5_000, 10);
    expect(ok(await t.gql<{ thread: { messages: { nodes: unknown[] } } }>(MESSAGES, { id })).thread.messages.nodes).toEqual([]);
    await t.close();
  });
});
