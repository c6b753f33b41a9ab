import { SCRIPTED_MODEL, SCRIPTED_VISION_MODEL, type ModelServer } from '@otto/testkit';
import { startRealStack, type RealStack } from './real-stack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThread, TOKEN, type TestGateway } from './harness.js';

// Files sent through the gateway reach the model of a real `opencode serve`: the scripted model
// server records each chat request, so the test reads what the model was given.
let model: ModelServer;
let t: TestGateway;

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    message { id text }
    reply { status text }
  }
}`;
const MESSAGES = `query M($id: ID!) { thread(id: $id) { messages(last: 10) { nodes { id role text parts { __typename ... on TextPart { text } ... on FilePart { mime filename url } } } } } }`;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

interface Sent {
  data?: { sendMessage: { message: { id: string; text: string }; reply: { status: string; text: string } | null } } | null;
  errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
}

async function upload(input: Record<string, unknown>, files: File[]): Promise<Sent> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: SEND, variables: { input: { ...input, files: files.map(() => null) } } }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((_, index) => [String(index), [`variables.input.files.${index}`]]))));
  files.forEach((file, index) => form.append(String(index), file));
  const response = await t.fetch('/graphql', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
  return (await response.json()) as Sent;
}

const chatsOf = (threadId: string) => model.requests.filter((request) => request.purpose === 'chat' && request.sessionId === threadId);

let stack: RealStack;

beforeAll(async () => {
  stack = await startRealStack();
  ({ model, t } = stack);
}, 90_000);

afterAll(() => stack?.close());

describe('attachments through the real OpenCode', () => {
  it('an attached text file and an image reach the model; the thread shows them as files and the operator\'s words as the text', async () => {
    const threadId = await createThread(t, 'attachments');
    const sent = await upload({ threadId, text: 'what is in these?', model: SCRIPTED_VISION_MODEL, awaitReply: true }, [
      new File(['the secret word is pelican\n'], 'notes.md', { type: 'text/markdown' }),
      new File([PNG], 'dot.png', { type: 'image/png' }),
    ]);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage.reply).toMatchObject({ status: 'COMPLETE', text: expect.stringContaining('the secret word is pelican') });

    const [chat] = chatsOf(threadId);
    const user = chat!.body.messages.findLast((message) => message.role === 'user')!;
    const content = user.content as Array<{ type: string; text?: string; image_url?: { url: string } }>;
    expect(content).toEqual(
      expect.arrayContaining([
        { type: 'text', text: 'what is in these?' },
        { type: 'text', text: 'Called the Read tool with the following input: {"filePath":"notes.md"}' },
        { type: 'text', text: 'the secret word is pelican\n' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } },
      ]),
    );

    const read = await t.gql<{ thread: { messages: { nodes: Array<{ id: string; text: string; parts: Array<Record<string, string>> }> } } }>(MESSAGES, { id: threadId });
    const shown = read.body.data!.thread.messages.nodes.find((node) => node.id === sent.data!.sendMessage.message.id)!;
    expect(shown.text).toBe('what is in these?');
    expect(shown.parts.map((part) => part.__typename === 'FilePart' ? [part.filename, part.mime] : [part.__typename, part.text])).toEqual([
      ['TextPart', 'what is in these?'],
      ['notes.md', 'text/plain'],
      ['dot.png', 'image/png'],
    ]);
  });

  it('an image for a model that reads only text is refused, and nothing reaches OpenCode or the model', async () => {
    const threadId = await createThread(t, 'text only');
    const sent = await upload({ threadId, text: 'see this', model: SCRIPTED_MODEL }, [new File([PNG], 'dot.png', { type: 'image/png' })]);
    expect(sent.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.files.0' });
    const read = await t.gql<{ thread: { messages: { nodes: unknown[] } } }>(MESSAGES, { id: threadId });
    expect(read.body.data!.thread.messages.nodes).toEqual([]);
    expect(chatsOf(threadId)).toEqual([]);
  });
});
