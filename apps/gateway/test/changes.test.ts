import { createFakeOpencode, type FakeEdit, type FakeOpencode, type FakeReply } from '@otto/opencode';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, createThread, eventually, ok, requestCalls, startTestGateway, subscribe, type TestGateway } from './harness.js';

// Todos, changes and revert through the whole gateway, on the in-memory OpenCode.
let fake: FakeOpencode;
let t: TestGateway;
let viewerToken: string;

const NOTES: FakeEdit = { file: 'notes.txt', patch: '@@ -0,0 +1,2 @@\n+hello\n+world\n', additions: 2, deletions: 0, status: 'added' };
const MORE_NOTES: FakeEdit = { file: 'notes.txt', patch: '@@ -1,2 +1,2 @@\n hello\n-world\n+world two\n', additions: 1, deletions: 1, status: 'modified' };
const TODOS = [
  { content: 'Write the tests', status: 'in_progress', priority: 'high' },
  { content: 'Ship it', status: 'pending', priority: '' },
];
const REPLIES: Record<string, FakeReply> = {
  'plan it': { todos: TODOS },
  'write notes': { edits: [NOTES] },
  'edit notes': { edits: [MORE_NOTES] },
  'take a while': { hang: true },
};

const WORKBENCH = `query Workbench($id: ID!) { thread(id: $id) {
  id state todos { content status priority } changes { path additions deletions patch status } revert { messageId } } }`;
const REVERT = 'mutation Revert($input: RevertMessageInput!) { revertMessage(input: $input) { id revert { messageId } } }';
const UNREVERT = 'mutation Unrevert($id: ID!) { unrevertThread(threadId: $id) { id revert { messageId } } }';

interface Workbench {
  thread: {
    id: string;
    state: string;
    todos: Array<{ content: string; status: string; priority: string | null }>;
    changes: Array<{ path: string; additions: number; deletions: number; patch: string | null; status: string }>;
    revert: { messageId: string } | null;
  } | null;
}

/** Sends and waits for the whole turn; the user message's id. */
async function send(threadId: string, text: string): Promise<string> {
  const { sendMessage } = ok(
    await t.gql<{ sendMessage: { message: { id: string } } }>(
      'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } reply { id } } }',
      { i: { threadId, text, awaitReply: true } },
    ),
  );
  return sendMessage.message.id;
}

const workbench = async (id: string) => ok(await t.gql<Workbench>(WORKBENCH, { id })).thread!;

const lastAudit = (action: string) =>
  t.store.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();

beforeAll(async () => {
  fake = createFakeOpencode({ onPrompt: (text) => REPLIES[text] });
  t = await startTestGateway({ opencode: fake });
  await eventually(async () => t.gateway.services.mirror.isLive());
  const password = 'changes-viewer-password-long-enough';
  rememberSecrets(password);
  const { createOperator } = ok(
    await t.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', {
      i: { name: 'changes-viewer', password, role: 'VIEWER' },
    }),
  );
  const { createApiToken } = ok(
    await t.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
      i: { name: 'reader', operatorId: createOperator.id },
    }),
  );
  viewerToken = createApiToken.token;
});

afterAll(() => t?.close());

describe('Thread.todos', () => {
  it("shows the agent's todo list once it writes one, a missing priority as null, and reads OpenCode once while its events flow", async () => {
    const id = await createThread(t, 'todos');
    expect((await workbench(id)).todos).toEqual([]);
    await send(id, 'plan it');
    await eventually(async () => (await workbench(id)).todos.length > 0);
    fake.calls.length = 0;
    expect((await workbench(id)).todos).toEqual([TODOS[0], { ...TODOS[1], priority: null }]);
    expect(requestCalls(fake)).not.toContain('session.todo');
  });

  it('is live: a todo.updated event reaches the thread\'s subscribers as the thread with its new list', async () => {
    const id = await createThread(t, 'live todos');
    const stream = await subscribe<{ threadEvents: { __typename: string; thread?: { todos: Array<{ content: string }> } } }>(
      t,
      'subscription($id: ID!) { threadEvents(threadId: $id) { __typename ... on ThreadUpdated { thread { todos { content } } } } }',
      { id },
    );
    try {
      fake.emit({ id: 'evt_1', type: 'todo.updated', properties: { sessionID: id, todos: [{ content: 'From the event', status: 'pending', priority: 'low' }] } });
      let event = await stream.next();
      while (event && !event.data?.threadEvents.thread?.todos.length) event = await stream.next();
      expect(event?.data?.threadEvents.thread?.todos).toEqual([{ content: 'From the event' }]);
    } finally {
      await stream.close();
    }
  });
});

describe('Thread.changes, revertMessage and unrevertThread', () => {
  it('lists the files the agent changed, merged per path over the turns, and reverts and restores them', async () => {
    const id = await createThread(t, 'changes');
    await send(id, 'just talk');
    const writing = await send(id, 'write notes');
    await send(id, 'edit notes');
    expect((await workbench(id)).changes).toEqual([
      { path: 'notes.txt', additions: 3, deletions: 1, patch: `${NOTES.patch}${MORE_NOTES.patch}`, status: 'ADDED' },
    ]);

    const reverted = ok(await t.gql<{ revertMessage: { id: string; revert: { messageId: string } } }>(REVERT, { input: { threadId: id, messageId: writing } }));
    expect(reverted.revertMessage).toEqual({ id, revert: { messageId: writing } });
    expect(await workbench(id)).toMatchObject({ changes: [], revert: { messageId: writing } });
    expect(await lastAudit('message.revert')).toMatchObject({ outcome: 'OK', thread_id: id, target: writing, operation_name: 'Revert' });

    expect(ok(await t.gql<{ unrevertThread: unknown }>(UNREVERT, { id })).unrevertThread).toEqual({ id, revert: null });
    expect(await workbench(id)).toMatchObject({ changes: [{ path: 'notes.txt', additions: 3 }], revert: null });
    expect(await lastAudit('thread.unrevert')).toMatchObject({ outcome: 'OK', thread_id: id });
  });

  it('lets a VIEWER read todos and changes but not revert (FORBIDDEN, audited)', async () => {
    const id = await createThread(t, 'viewer');
    const writing = await send(id, 'write notes');
    const read = await t.gql<Workbench>(WORKBENCH, { id }, { token: viewerToken });
    expect(read.body.data?.thread?.changes).toHaveLength(1);
    expect(codes(await t.gql(REVERT, { input: { threadId: id, messageId: writing } }, { token: viewerToken }))).toEqual(['FORBIDDEN']);
    expect(await lastAudit('message.revert')).toMatchObject({ outcome: 'ERROR', error_code: 'FORBIDDEN' });
    expect(codes(await t.gql(UNREVERT, { id }, { token: viewerToken }))).toEqual(['FORBIDDEN']);
    expect((await workbench(id)).revert).toBeNull();
  });

  it('refuses what it cannot do: an unknown message or thread (NOT_FOUND), a malformed id or a busy thread (BAD_USER_INPUT)', async () => {
    const id = await createThread(t, 'refusals');
    await send(id, 'write notes');
    expect(codes(await t.gql(REVERT, { input: { threadId: id, messageId: 'msg_0000000000000000000000000' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(REVERT, { input: { threadId: 'ses_0000000000000000000000000', messageId: 'msg_0000000000000000000000000' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(REVERT, { input: { threadId: id, messageId: 'not-a-message' } }))).toEqual(['BAD_USER_INPUT']);

    const { sendMessage } = ok(
      await t.gql<{ sendMessage: { message: { id: string } } }>('mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', {
        i: { threadId: id, text: 'take a while' },
      }),
    );
    await eventually(async () => (await t.gql<{ thread: { activity: string } }>('query($id: ID!) { thread(id: $id) { activity } }', { id })).body.data?.thread.activity === 'BUSY');
    const busy = await t.gql(REVERT, { input: { threadId: id, messageId: sendMessage.message.id } });
    expect(codes(busy)).toEqual(['BAD_USER_INPUT']);
    expect(busy.body.errors?.[0]?.message).toMatch(/working/);
    expect(codes(await t.gql(UNREVERT, { id }))).toEqual(['BAD_USER_INPUT']);
    await fake.abort(id);
  });

  it('shows no todos and no changes for a thread OpenCode no longer has (STALE)', async () => {
    const id = await createThread(t, 'gone');
    await send(id, 'write notes');
    await send(id, 'plan it');
    await fake.deleteSession(id);
    await eventually(async () => (await workbench(id)).state === 'STALE');
    expect(await workbench(id)).toMatchObject({ todos: [], changes: [], revert: null });
  });
});
