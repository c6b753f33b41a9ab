import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/auth/console-session.js';
import { eventually, TOKEN, type TestGateway } from './harness.js';
import { startRealStack, type RealStack } from './real-stack.js';

// The response cache in front of one real `opencode serve`: its events reach a cached answer at once.
let stack: RealStack;
let t: TestGateway;

beforeAll(async () => {
  stack = await startRealStack();
  ({ t } = stack);
}, 90_000);

afterAll(() => stack?.close());

const LIST = 'query Poll { threads(first: 50) { nodes { id title } } }';
const THREAD = 'query One($id: ID!) { thread(id: $id) { messages(last: 10) { nodes { role text } } } }';

const poll = (query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) =>
  t.fetch(`/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`, {
    headers: { authorization: `Bearer ${TOKEN}`, [CSRF_HEADER]: '1', ...headers },
  });
const titleOf = async (id: string) => ((await (await poll(LIST)).json()) as { data: { threads: { nodes: Array<{ id: string; title: string }> } } }).data.threads.nodes.find((n) => n.id === id)?.title;

describe('through the real OpenCode', () => {
  it('answers an unchanged poll with 304, and the next poll after a rename in OpenCode with the new title', async () => {
    const created = await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "before" }) { id } }');
    const id = created.body.data!.createThread.id;
    const first = await poll(LIST);
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const unchanged = await poll(LIST, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);

    const renamed = await fetch(`${stack.opencode.url}/session/${id}`, {
      method: 'PATCH',
      headers: { authorization: stack.opencode.authHeader, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'after' }),
    });
    expect(renamed.ok).toBe(true);
    await eventually(async () => t.gateway.services.mirror.lastKnown(id)?.title === 'after');
    expect(await titleOf(id)).toBe('after');
    expect((await poll(LIST, { 'if-none-match': etag })).status).toBe(200);
  });

  it('shows a reply on the first poll after OpenCode told the gateway it was complete', async () => {
    const created = await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "talk" }) { id } }');
    const id = created.body.data!.createThread.id;
    type Nodes = { data: { thread: { messages: { nodes: Array<{ role: string }> } } } };
    const roles = async () => ((await (await poll(THREAD, {}, { id })).json()) as Nodes).data.thread.messages.nodes.map((m) => m.role);
    expect(await roles()).toEqual([]);
    expect(await roles()).toEqual([]);
    let completed = false;
    const stop = t.gateway.services.mirror.listen((signal) => {
      if (signal.type !== 'event' || signal.event.type !== 'message.updated') return;
      const { info } = signal.event.properties;
      if (info.sessionID === id && info.role === 'assistant' && info.time.completed) completed = true;
    });
    try {
      const sent = await t.gql('mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', { i: { threadId: id, text: 'hello' } });
      expect(sent.body.errors).toBeUndefined();
      await eventually(async () => completed, 30_000, 20);
      expect(await roles()).toEqual(['USER', 'ASSISTANT']);
    } finally {
      stop();
    }
  });
});
