import { startModelServer, startOpencode, type ModelServer, type OpencodeInstance } from '@otto/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, ok, startTestGateway, type TestGateway } from './harness.js';

// The message archive through the real OpenCode: one `opencode serve` for the file, and two gateways
// on it, one archiving and one with OTTO_ARCHIVE=off.
let model: ModelServer;
let opencode: OpencodeInstance;
let archiving: TestGateway;
let off: TestGateway;

const SEARCH = `query Find($q: String!) { searchMessages(query: $q) { totalCount
  nodes { snippet highlights { start end } thread { id title state } message { id role text } } } }`;
const MESSAGES = 'query M($id: ID!) { thread(id: $id) { state messages(last: 50) { nodes { id role text } } } }';

interface Hit {
  snippet: string;
  highlights: Array<{ start: number; end: number }>;
  thread: { id: string; title: string; state: string };
  message: { id: string; role: string; text: string };
}
type Found = { searchMessages: { totalCount: number; nodes: Hit[] } };
type History = { thread: { state: string; messages: { nodes: Array<{ id: string; role: string; text: string }> } | null } };

async function thread(t: TestGateway, title: string): Promise<string> {
  return ok(await t.gql<{ createThread: { id: string } }>('mutation C($t: String!) { createThread(input: { title: $t }) { id } }', { t: title })).createThread.id;
}

async function converse(t: TestGateway, threadId: string, text: string): Promise<string> {
  const sent = ok(
    await t.gql<{ sendMessage: { reply: { id: string; status: string } } }>(
      'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { reply { id status } } }',
      { i: { threadId, text, awaitReply: true } },
    ),
  );
  expect(sent.sendMessage.reply.status).toBe('COMPLETE');
  return sent.sendMessage.reply.id;
}

const search = async (t: TestGateway, q: string) => ok(await t.gql<Found>(SEARCH, { q })).searchMessages;

async function up(t: TestGateway): Promise<void> {
  await eventually(async () => (await t.gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).body.data?.system.opencode.status === 'UP');
}

beforeAll(async () => {
  model = await startModelServer();
  opencode = await startOpencode({ modelUrl: model.url, permission: 'allow' });
  archiving = await startTestGateway({ opencodeUrl: opencode.url, password: opencode.password });
  off = await startTestGateway({ opencodeUrl: opencode.url, password: opencode.password, archive: false });
  await Promise.all([up(archiving), up(off)]);
}, 90_000);

afterAll(async () => {
  await archiving?.close();
  await off?.close();
  await opencode?.dispose();
  await model?.close();
});

describe('the message archive, through the real OpenCode', () => {
  let alpha: string;

  it('finds a word of a reply in another thread, and a tool call by its command', async () => {
    alpha = await thread(archiving, 'alpha');
    await thread(archiving, 'beta');
    const replyId = await converse(archiving, alpha, 'tell me about the zephyr project');
    await converse(archiving, alpha, 'look around [[tool:bash echo quokka]]');
    const found = await eventually(async () => {
      const result = await search(archiving, 'zephyr');
      return result.nodes.some((hit) => hit.message.id === replyId) ? result : undefined;
    });
    const reply = found.nodes.find((hit) => hit.message.id === replyId)!;
    expect(reply).toMatchObject({ thread: { id: alpha, title: 'alpha', state: 'LIVE' }, message: { role: 'ASSISTANT', text: 'echo: tell me about the zephyr project' } });
    expect(reply.highlights.map(({ start, end }) => reply.snippet.slice(start, end))).toEqual(['zephyr']);
    // The operator's message is archived with the reply to it.
    expect(found.nodes.map((hit) => hit.message.role).sort()).toEqual(['ASSISTANT', 'USER']);
    const tool = await eventually(async () => (await search(archiving, 'quokka')).nodes.find((hit) => hit.snippet.startsWith('bash:')));
    expect(tool.snippet).toContain('echo quokka');
  });

  it('keeps the archived messages of a thread made STALE, readable and searchable', async () => {
    const before = ok(await archiving.gql<History>(MESSAGES, { id: alpha })).thread.messages!.nodes;
    // Archived as each completes, a moment after: every one is there before OpenCode forgets them.
    await eventually(async () => {
      const rows = await archiving.store.db.selectFrom('message_archive').select('message_id').where('thread_id', '=', alpha).execute();
      return rows.length === before.length;
    });
    await archiving.opencode.deleteSession(alpha);
    const stale = await eventually(async () => {
      const data = ok(await archiving.gql<History>(MESSAGES, { id: alpha }));
      return data.thread.state === 'STALE' ? data.thread : undefined;
    });
    const texts = (nodes: Array<{ text: string }>) => nodes.map((node) => node.text).filter(Boolean);
    expect(texts(stale.messages!.nodes)).toEqual(texts(before));
    expect(texts(stale.messages!.nodes)).toContain('echo: tell me about the zephyr project');
    expect((await search(archiving, 'zephyr')).nodes.every((hit) => hit.thread.state === 'STALE')).toBe(true);
  });

  it('with OTTO_ARCHIVE=off finds nothing and shows a STALE thread without history', async () => {
    const id = await thread(off, 'unkept');
    await converse(off, id, 'the narwhal has left');
    expect(await search(off, 'narwhal')).toEqual({ totalCount: 0, nodes: [] });
    await off.opencode.deleteSession(id);
    const stale = await eventually(async () => {
      const data = ok(await off.gql<History>(MESSAGES, { id }));
      return data.thread.state === 'STALE' ? data.thread : undefined;
    });
    expect(stale.messages!.nodes).toEqual([]);
    expect(await off.store.db.selectFrom('message_archive').selectAll().execute()).toEqual([]);
  });
});
