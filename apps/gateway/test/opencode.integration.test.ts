import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@otto/store';
import { startModelServer, startOpencode, type ModelServer, type OpencodeInstance } from '@otto/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, createThread, eventually, startTestGateway, type TestGateway } from './harness.js';

// One real `opencode serve` and one scripted model for the whole file; the gateway in-process.
let model: ModelServer;
let opencode: OpencodeInstance;
let t: TestGateway;

const THREAD_FIELDS = 'id title state activity binding { key source boundAt } createdAt updatedAt';
const CREATE = `mutation Create($input: CreateThreadInput!) { createThread(input: $input) { ${THREAD_FIELDS} } }`;
const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    message { id role status text }
    reply { id role status text parentId parts { __typename ... on ToolPart { name status output } } }
  }
}`;
const MESSAGES = `query Messages($id: ID!) { thread(id: $id) { id activity
  permissions { id permission patterns }
  messages(last: 50) { hasOlder nodes { id role status text error { name } parts { __typename
    ... on ToolPart { name status input output error } } } } } }`;

interface SendData {
  sendMessage: {
    message: { id: string; role: string; status: string; text: string };
    reply: { id: string; role: string; status: string; text: string; parentId: string; parts: Array<Record<string, unknown>> } | null;
  };
}
interface ThreadData {
  thread: {
    id: string;
    activity: string;
    permissions: Array<{ id: string; permission: string; patterns: string[] }>;
    messages: { hasOlder: boolean; nodes: Array<{ id: string; role: string; status: string; text: string; error: { name: string } | null; parts: Array<Record<string, unknown>> }> };
  } | null;
}

const chatRequestsFor = (text: string) => model.requests.filter((r) => r.purpose === 'chat' && r.lastUserText.includes(text));

beforeAll(async () => {
  model = await startModelServer();
  opencode = await startOpencode({ modelUrl: model.url, permission: 'ask' });
  t = await startTestGateway({ opencodeUrl: opencode.url, password: opencode.password });
  await eventually(async () => {
    const result = await t.gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }');
    return result.body.data?.system.opencode.status === 'UP';
  });
}, 90_000);

afterAll(async () => {
  await t?.close();
  await opencode?.dispose();
  await model?.close();
});

describe('through the real OpenCode', () => {
  it('creates a bound thread, sends with awaitReply and gets the reply text', async () => {
    const created = await t.gql<{ createThread: Record<string, unknown> }>(CREATE, {
      input: { title: 'First contact', bindingKey: 'telegram:42', source: 'telegram' },
    });
    expect(created.body.errors).toBeUndefined();
    const thread = created.body.data!.createThread;
    expect(thread).toMatchObject({ title: 'First contact', state: 'LIVE', activity: 'IDLE', binding: { key: 'telegram:42', source: 'telegram' } });
    expect(String(thread.id)).toMatch(/^ses_/);

    const sent = await t.gql<SendData>(SEND, { input: { threadId: thread.id, text: 'hello gateway', awaitReply: true } });
    expect(sent.body.errors).toBeUndefined();
    const { message, reply } = sent.body.data!.sendMessage;
    expect(message).toMatchObject({ role: 'USER', status: 'COMPLETE', text: 'hello gateway' });
    expect(reply).toMatchObject({ role: 'ASSISTANT', status: 'COMPLETE', text: 'echo: hello gateway', parentId: message.id });

    const read = await t.gql<ThreadData>(MESSAGES, { id: thread.id });
    expect(read.body.data!.thread!.messages.nodes.map((m) => [m.role, m.text])).toEqual([
      ['USER', 'hello gateway'],
      ['ASSISTANT', 'echo: hello gateway'],
    ]);
  });

  it('pages back through a thread\'s messages with before', async () => {
    const id = await createThread(t, 'Long history');
    for (const text of ['one', 'two', 'three']) await t.gql(SEND, { input: { threadId: id, text, awaitReply: true } });
    const page = `query P($id: ID!, $before: ID) { thread(id: $id) { messages(last: 2, before: $before) { hasOlder olderCursor nodes { text } } } }`;
    type PageData = { thread: { messages: { hasOlder: boolean; olderCursor: string | null; nodes: Array<{ text: string }> } } };
    const newest = (await t.gql<PageData>(page, { id })).body.data!.thread.messages;
    expect(newest.nodes.map((m) => m.text)).toEqual(['three', 'echo: three']);
    expect(newest.hasOlder).toBe(true);
    const olderResult = await t.gql<PageData>(page, { id, before: newest.olderCursor });
    expect(olderResult.body.errors).toBeUndefined();
    const older = olderResult.body.data!.thread.messages;
    expect(older.nodes.map((m) => m.text)).toEqual(['two', 'echo: two']);
    const oldest = (await t.gql<PageData>(page, { id, before: older.olderCursor })).body.data!.thread.messages;
    expect(oldest).toMatchObject({ hasOlder: false, olderCursor: null, nodes: [{ text: 'one' }, { text: 'echo: one' }] });
  });

  it('lists threads from the mirror: bound first, then unbound on request, with no upstream call', async () => {
    const unbound = await createThread(t, 'Soon unbound');
    await t.gql('mutation U($id: ID!) { unbindThread(threadId: $id) { id } }', { id: unbound });
    const query = 'query L($u: Boolean) { threads(first: 50, includeUnbound: $u) { totalCount edges { node { id title state binding { key } } } } }';
    await t.gql(query, { u: false });
    t.calls.length = 0;
    const bound = await t.gql<{ threads: { totalCount: number; edges: Array<{ node: { id: string; binding: unknown } }> } }>(query, { u: false });
    const all = await t.gql<{ threads: { totalCount: number; edges: Array<{ node: { id: string; binding: unknown } }> } }>(query, { u: true });
    // Health probes run on their own timer; nothing else may reach OpenCode for these queries.
    expect(t.calls.filter((call) => call !== 'global.health')).toEqual([]);
    expect(bound.body.data!.threads.edges.every((e) => e.node.binding !== null)).toBe(true);
    expect(bound.body.data!.threads.edges.map((e) => e.node.id)).not.toContain(unbound);
    const allIds = all.body.data!.threads.edges.map((e) => e.node.id);
    expect(allIds).toContain(unbound);
    expect(allIds.indexOf(unbound)).toBeGreaterThanOrEqual(bound.body.data!.threads.totalCount);

    const rebound = await t.gql<{ bindThread: { binding: { key: string; source: string } } }>(
      'mutation B($input: BindThreadInput!) { bindThread(input: $input) { binding { key source } } }',
      { input: { threadId: unbound, key: 'scheduler:nightly', source: 'scheduler' } },
    );
    expect(rebound.body.data!.bindThread.binding).toEqual({ key: 'scheduler:nightly', source: 'scheduler' });
  });

  it('never sends the same idempotency key twice, also for concurrent twins', async () => {
    const id = await createThread(t, 'Idempotent');
    const input = { threadId: id, text: 'only once please', idempotencyKey: 'key-once-0001', awaitReply: true };
    const first = await t.gql<SendData>(SEND, { input });
    const again = await t.gql<SendData>(SEND, { input });
    expect(again.body.data!.sendMessage.message.id).toBe(first.body.data!.sendMessage.message.id);
    expect(again.body.data!.sendMessage.reply!.text).toBe('echo: only once please');
    expect(chatRequestsFor('only once please')).toHaveLength(1);

    const twin = { threadId: id, text: 'twins arrive together', idempotencyKey: 'key-twin-0001' };
    const [a, b] = await Promise.all([t.gql<SendData>(SEND, { input: twin }), t.gql<SendData>(SEND, { input: twin })]);
    expect(a.body.data!.sendMessage.message.id).toBe(b.body.data!.sendMessage.message.id);
    await eventually(async () => chatRequestsFor('twins arrive together').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(chatRequestsFor('twins arrive together')).toHaveLength(1);

    const reused = await t.gql(SEND, { input: { ...twin, text: 'something else' } });
    expect(codes(reused)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps an idempotency key across a gateway restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'otto-gateway-'));
    try {
      const id = await createThread(t, 'Across restarts');
      const input = { threadId: id, text: 'survive a restart', idempotencyKey: 'key-restart-0001' };
      const storeA = await openStore({ dataDir });
      const a = await startTestGateway({ opencodeUrl: opencode.url, password: opencode.password, store: storeA });
      const first = await a.gql<SendData>(SEND, { input });
      await a.close();
      await storeA.close();
      const storeB = await openStore({ dataDir });
      const b = await startTestGateway({ opencodeUrl: opencode.url, password: opencode.password, store: storeB });
      const second = await b.gql<SendData>(SEND, { input });
      await b.close();
      await storeB.close();
      expect(second.body.data!.sendMessage.message.id).toBe(first.body.data!.sendMessage.message.id);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(chatRequestsFor('survive a restart')).toHaveLength(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('shows a tool call waiting for permission, answers it, and the reply finishes', async () => {
    const id = await createThread(t, 'Needs permission');
    const sent = await t.gql<SendData>(SEND, { input: { threadId: id, text: 'run it [[tool:bash echo hi]]' } });
    expect(sent.body.errors).toBeUndefined();
    const waiting = await eventually(async () => {
      const read = await t.gql<ThreadData>(MESSAGES, { id });
      return read.body.data!.thread!.permissions[0];
    });
    expect(waiting.permission).toBe('bash');

    const replied = await t.gql('mutation R($input: ReplyPermissionInput!) { replyPermission(input: $input) { id } }', {
      input: { threadId: id, permissionId: waiting.id, reply: 'ONCE' },
    });
    expect(replied.body.errors).toBeUndefined();
    const finished = await eventually(async () => {
      const read = await t.gql<ThreadData>(MESSAGES, { id });
      const nodes = read.body.data!.thread!.messages.nodes;
      return nodes.some((m) => m.text === 'tool done: hi') ? nodes : undefined;
    });
    const tool = finished.flatMap((m) => m.parts).find((p) => p.__typename === 'ToolPart');
    expect(tool).toMatchObject({ name: 'bash', status: 'COMPLETED' });
    expect(String(tool?.output)).toContain('hi');

    const gone = await t.gql('mutation R($input: ReplyPermissionInput!) { replyPermission(input: $input) { id } }', {
      input: { threadId: id, permissionId: waiting.id, reply: 'ONCE' },
    });
    expect(codes(gone)).toEqual(['NOT_FOUND']);
  });

  it('aborts a busy thread', async () => {
    const id = await createThread(t, 'Slow one');
    await t.gql(SEND, { input: { threadId: id, text: 'take your time [[slow:20000]]' } });
    await eventually(async () => (await t.gql<ThreadData>(MESSAGES, { id })).body.data!.thread!.activity === 'BUSY');
    const aborted = await t.gql('mutation A($id: ID!) { abortThread(id: $id) { id } }', { id });
    expect(aborted.body.errors).toBeUndefined();
    const read = await eventually(async () => {
      const result = await t.gql<ThreadData>(MESSAGES, { id });
      return result.body.data!.thread!.activity === 'IDLE' ? result.body.data!.thread! : undefined;
    });
    const last = read.messages.nodes.at(-1);
    expect(last?.role).toBe('ASSISTANT');
    expect(last?.status).not.toBe('PENDING');
  });

  it('answers NOT_FOUND for an unknown thread or permission, sending nothing', async () => {
    const before = model.requests.length;
    const unknownThread = await t.gql(SEND, { input: { threadId: 'ses_doesnotexist0000000000', text: 'anyone?' } });
    expect(codes(unknownThread)).toEqual(['NOT_FOUND']);
    const id = await createThread(t, 'No such permission');
    const unknownPermission = await t.gql('mutation R($input: ReplyPermissionInput!) { replyPermission(input: $input) { id } }', {
      input: { threadId: id, permissionId: 'per_doesnotexist000000000', reply: 'REJECT' },
    });
    expect(codes(unknownPermission)).toEqual(['NOT_FOUND']);
    const read = await t.gql<ThreadData>('query Q($id: ID!) { thread(id: $id) { id } }', { id: 'ses_doesnotexist0000000000' });
    expect(read.body.data!.thread).toBeNull();
    expect(model.requests.length).toBe(before);
  });

  it('marks a bound thread STALE when OpenCode no longer has its session', async () => {
    const id = await createThread(t, 'Deleted upstream');
    await t.opencode.deleteSession(id);
    const thread = await eventually(async () => {
      const result = await t.gql<{ thread: { state: string; title: string } | null }>('query Q($id: ID!) { thread(id: $id) { state title } }', { id });
      return result.body.data?.thread?.state === 'STALE' ? result.body.data.thread : undefined;
    });
    expect(thread.title).toBe('Deleted upstream');
  });

  it('degrades when OpenCode stops (DOWN, UNKNOWN with cached titles) and recovers without a gateway restart', async () => {
    const id = await createThread(t, 'Survives an outage');
    const list = '{ system { opencode { status lastError } } threads(first: 100) { edges { node { id title state activity } } } }';
    type ListData = { system: { opencode: { status: string } }; threads: { edges: Array<{ node: { id: string; title: string; state: string; activity: string } }> } };
    await opencode.stop();
    const down = await eventually(async () => {
      const result = await t.gql<ListData>(list);
      return result.body.data?.system.opencode.status === 'DOWN' ? result.body.data : undefined;
    });
    const row = down.threads.edges.find((e) => e.node.id === id)!.node;
    expect(row).toEqual({ id, title: 'Survives an outage', state: 'UNKNOWN', activity: 'UNKNOWN' });
    expect(down.threads.edges.every((e) => e.node.state === 'UNKNOWN')).toBe(true);
    const send = await t.gql(SEND, { input: { threadId: id, text: 'are you there?' } });
    expect(codes(send)[0]).toMatch(/^UPSTREAM_(UNAVAILABLE|TIMEOUT)$/);

    await opencode.restart();
    const up = await eventually(async () => {
      const result = await t.gql<ListData>(list);
      const node = result.body.data?.threads.edges.find((e) => e.node.id === id)?.node;
      return result.body.data?.system.opencode.status === 'UP' && node?.state === 'LIVE' ? result.body.data : undefined;
    }, 30_000);
    expect(up.threads.edges.find((e) => e.node.id === id)?.node.title).toBe('Survives an outage');
  });
});
