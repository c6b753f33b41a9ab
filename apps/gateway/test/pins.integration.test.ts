import { startRealStack, type RealStack } from './real-stack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, createThread, type TestGateway } from './harness.js';

// Session cards (pins) and export through one real `opencode serve` and the scripted model.
let t: TestGateway;

let stack: RealStack;

beforeAll(async () => {
  // Bash runs without asking: the export needs a finished tool call, not a permission.
  stack = await startRealStack({ permission: 'allow' });
  ({ t } = stack);
}, 90_000);

afterAll(() => stack?.close());

describe('through the real OpenCode', () => {
  it('pins ten threads, refuses the 11th with BAD_USER_INPUT, and lists the ten live', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i += 1) ids.push(await createThread(t, `pinned ${i}`));
    for (const id of ids.slice(0, 10)) {
      const pinned = await t.gql<{ pinThread: { pinned: boolean } }>('mutation($id: ID!) { pinThread(threadId: $id) { pinned } }', { id });
      expect(pinned.body.data?.pinThread.pinned).toBe(true);
    }
    const refused = await t.gql('mutation($id: ID!) { pinThread(threadId: $id) { pinned } }', { id: ids[10] });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    const { body } = await t.gql<{ pinnedThreads: Array<{ id: string; title: string; state: string; pinned: boolean }> }>('{ pinnedThreads { id title state pinned } }');
    expect(body.data?.pinnedThreads).toEqual(ids.slice(0, 10).map((id, i) => ({ id, title: `pinned ${i}`, state: 'LIVE', pinned: true })));
    const eleventh = await t.gql<{ thread: { pinned: boolean } }>('query($id: ID!) { thread(id: $id) { pinned } }', { id: ids[10] });
    expect(eleventh.body.data?.thread.pinned).toBe(false);
  });

  it('exports a real thread with a tool call as Markdown (the call folded) and as JSON', async () => {
    const id = await createThread(t, 'Exported for real');
    const sent = await t.gql<{ sendMessage: { reply: { text: string } | null } }>(
      'mutation($i: SendMessageInput!) { sendMessage(input: $i) { reply { text } } }',
      { i: { threadId: id, text: 'run it [[tool:bash echo exported]]', awaitReply: true } },
    );
    expect(sent.body.errors).toBeUndefined();
    expect(sent.body.data?.sendMessage.reply?.text).toContain('tool done: exported');

    const EXPORT = 'query($id: ID!, $f: ExportFormat!) { exportThread(threadId: $id, format: $f) { filename content messageCount truncated } }';
    type Exported = { exportThread: { filename: string; content: string; messageCount: number; truncated: boolean } };
    const md = (await t.gql<Exported>(EXPORT, { id, f: 'MARKDOWN' })).body.data!.exportThread;
    expect(md.filename).toBe(`otto-exported-for-real-${id}.md`);
    expect(md.truncated).toBe(false);
    expect(md.content).toMatch(/^# Exported for real\n/);
    expect(md.content).toContain('run it [[tool:bash echo exported]]');
    expect(md.content).toMatch(/<details>\n<summary>Tool bash[^<]*\(completed\)<\/summary>\n\n\*\*Input\*\*\n\n```json\n\{\n {2}"command": "echo exported"/);
    expect(md.content).toMatch(/\*\*Output\*\*\n\n```+\nexported\n/);
    expect(md.content).toMatch(/## Assistant \(scripted\/[^)]*\) · .* · \$\d+\.\d+ · [\d,]+ in \/ [\d,]+ out tokens/);
    expect(md.content).toContain('tool done: exported');

    const json = (await t.gql<Exported>(EXPORT, { id, f: 'JSON' })).body.data!.exportThread;
    const document = JSON.parse(json.content) as { thread: { id: string; title: string }; messages: Array<{ role: string; parts: Array<{ kind: string; name?: string; status?: string; output?: string }> }> };
    expect(document.thread).toMatchObject({ id, title: 'Exported for real' });
    expect(document.messages.map((message) => message.role)).toEqual(['USER', 'ASSISTANT', 'ASSISTANT']);
    expect(document.messages.flatMap((message) => message.parts).find((part) => part.kind === 'tool')).toMatchObject({ name: 'bash', status: 'COMPLETED', output: expect.stringContaining('exported') });
    expect(json.messageCount).toBe(3);
  });
});
