import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {  type OpencodeInstance } from '@otto/testkit';
import { startRealStack, type RealStack } from './real-stack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, ok, type TestGateway } from './harness.js';

// Todos, changes and revert through one real `opencode serve`; the scripted model calls todowrite and write.
let opencode: OpencodeInstance;
let t: TestGateway;

const WORKBENCH = `query Workbench($id: ID!) { thread(id: $id) {
  todos { content status priority } changes { path additions deletions patch status } revert { messageId } } }`;

interface Workbench {
  thread: {
    todos: Array<{ content: string; status: string; priority: string | null }>;
    changes: Array<{ path: string; additions: number; deletions: number; patch: string | null; status: string }>;
    revert: { messageId: string } | null;
  };
}

const workbench = async (id: string) => ok(await t.gql<Workbench>(WORKBENCH, { id })).thread;

async function send(threadId: string, text: string): Promise<string> {
  const { sendMessage } = ok(
    await t.gql<{ sendMessage: { message: { id: string }; reply: { status: string } } }>(
      'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } reply { status } } }',
      { i: { threadId, text, awaitReply: true } },
    ),
  );
  expect(sendMessage.reply.status).toBe('COMPLETE');
  return sendMessage.message.id;
}

const auditRow = (action: string, threadId: string) =>
  t.store.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('thread_id', '=', threadId).executeTakeFirst();

let stack: RealStack;

beforeAll(async () => {
  stack = await startRealStack();
  ({ opencode, t } = stack);
}, 90_000);

afterAll(() => stack?.close());

describe('the workbench through the real OpenCode', { timeout: 60_000 }, () => {
  it('shows the todo list the agent wrote with todowrite', async () => {
    const { createThread } = ok(await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "todos" }) { id } }'));
    await send(createThread.id, 'plan [[todo:in_progress/high Write the tests|pending Ship it]]');
    expect((await workbench(createThread.id)).todos).toEqual([
      { content: 'Write the tests', status: 'in_progress', priority: 'high' },
      { content: 'Ship it', status: 'pending', priority: 'medium' },
    ]);
  });

  it('shows the file the agent wrote with its patch; a revert undoes it on disk and in the changes, unrevert restores it; both audited', async () => {
    const { createThread } = ok(await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "changes" }) { id } }'));
    const id = createThread.id;
    const file = join(opencode.workspace, 'notes.txt');
    await send(id, 'hello');
    const writing = await send(id, 'save [[write:notes.txt hello\\nworld]]');
    expect(readFileSync(file, 'utf8')).toBe('hello\nworld');
    const changes = await eventually(async () => {
      const listed = (await workbench(id)).changes;
      return listed.length ? listed : undefined;
    });
    expect(changes).toEqual([{ path: 'notes.txt', additions: 2, deletions: 0, patch: expect.stringContaining('+hello'), status: 'ADDED' }]);

    const reverted = ok(
      await t.gql<{ revertMessage: { revert: { messageId: string } } }>(
        'mutation($i: RevertMessageInput!) { revertMessage(input: $i) { revert { messageId } } }',
        { i: { threadId: id, messageId: writing } },
      ),
    );
    expect(reverted.revertMessage.revert).toEqual({ messageId: writing });
    expect(existsSync(file)).toBe(false);
    expect(await workbench(id)).toMatchObject({ changes: [], revert: { messageId: writing } });

    const restored = ok(await t.gql<{ unrevertThread: { revert: null } }>('mutation($id: ID!) { unrevertThread(threadId: $id) { revert { messageId } } }', { id }));
    expect(restored.unrevertThread.revert).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('hello\nworld');
    expect(await workbench(id)).toMatchObject({ changes: [{ path: 'notes.txt', additions: 2 }], revert: null });

    expect(await auditRow('message.revert', id)).toMatchObject({ outcome: 'OK', target: writing });
    expect(await auditRow('thread.unrevert', id)).toMatchObject({ outcome: 'OK' });
  });
});
