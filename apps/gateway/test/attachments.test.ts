import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { getIdempotencyKey } from '@otto/store';
import { afterEach, describe, expect, it } from 'vitest';
import type { UploadLimits } from '../src/attachments/upload-limits.js';
import { requestCalls, startTestGateway, TOKEN, type TestGateway } from './harness.js';

// Files sent with a message through the GraphQL multipart request spec, on the in-memory OpenCode:
// what reaches OpenCode, what is refused before anything is sent, and the HTTP rules of an upload.
let fake: FakeOpencode;
let t: TestGateway;
let threadId: string;

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { message { id text parts { __typename ... on TextPart { text } ... on FilePart { mime filename url } } } }
}`;
const MESSAGES = `query M($id: ID!) { thread(id: $id) { messages(last: 10) { nodes { id role text parts { __typename ... on TextPart { text } ... on FilePart { mime filename } } } } } }`;
const VISION = 'scripted/scripted-vision';
const TEXT_ONLY = 'scripted/scripted-model';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const bearer = { authorization: `Bearer ${TOKEN}` };

const png = (name = 'dot.png') => new File([PNG], name, { type: 'image/png' });
const text = (name: string, content: string, type = 'text/plain') => new File([content], name, { type });

async function start(options: { uploads?: UploadLimits; maxBodyBytes?: number } = {}) {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake, ...options });
  threadId = (await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "files" }) { id } }')).body.data!.createThread.id;
}
afterEach(() => t?.close());

/** The multipart request a browser's urql sends: the operation, the map of files to variables, the files. */
function multipart(input: Record<string, unknown>, files: Array<Blob | File>): FormData {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: SEND, variables: { input: { threadId, ...input, files: files.map(() => null) } } }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((_, index) => [String(index), [`variables.input.files.${index}`]]))));
  files.forEach((file, index) => form.append(String(index), file));
  return form;
}

interface Sent {
  sendMessage: { message: { id: string; text: string; parts: Array<Record<string, string>> } };
}

/** The body as a browser or curl sends it: its length declared. */
async function encoded(form: FormData): Promise<{ body: ArrayBuffer; headers: Record<string, string> }> {
  const request = new Request('http://encoder.test/', { method: 'POST', body: form });
  const body = await request.arrayBuffer();
  return { body, headers: { 'content-type': request.headers.get('content-type')!, 'content-length': String(body.byteLength) } };
}

async function upload(input: Record<string, unknown>, files: Array<Blob | File>, headers: Record<string, string> = bearer) {
  const request = await encoded(multipart(input, files));
  const response = await t.fetch('/graphql', { method: 'POST', headers: { ...headers, ...request.headers }, body: request.body });
  const body = (await response.json()) as { data?: Sent | null; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  return { status: response.status, body };
}

const prompts = () => requestCalls(fake).filter((call) => call === 'session.prompt_async').length;

async function storedUserParts() {
  const { messages } = await fake.messages(threadId);
  return messages
    .filter((message) => message.info.role === 'user')
    .map((message) => message.parts.map((part) => (part.type === 'text' ? { text: part.text, synthetic: part.synthetic ?? false } : part.type === 'file' ? { mime: part.mime, filename: part.filename } : part.type)));
}

describe('a message with files', () => {
  it('reaches OpenCode as file parts, a text file read for the model; the thread shows the files, and the operator\'s words as its text', async () => {
    await start();
    const sent = await upload({ text: 'look at these', model: VISION }, [text('notes.txt', 'first line\nsecond'), png()]);
    expect(sent.body.errors).toBeUndefined();
    const { message } = sent.body.data!.sendMessage;
    expect(message.text).toBe('look at these');
    expect(message.parts).toEqual([
      { __typename: 'TextPart', text: 'look at these' },
      { __typename: 'FilePart', mime: 'text/plain', filename: 'notes.txt', url: `data:text/plain;base64,${Buffer.from('first line\nsecond').toString('base64')}` },
      { __typename: 'FilePart', mime: 'image/png', filename: 'dot.png', url: `data:image/png;base64,${PNG.toString('base64')}` },
    ]);
    expect(prompts()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await storedUserParts()).toEqual([
      [
        { text: 'look at these', synthetic: false },
        { text: 'Called the Read tool with the following input: {"filePath":"notes.txt"}', synthetic: true },
        { text: 'first line\nsecond', synthetic: true },
        { mime: 'text/plain', filename: 'notes.txt' },
        { mime: 'image/png', filename: 'dot.png' },
      ],
    ]);
    const read = await t.gql<{ thread: { messages: { nodes: Array<{ id: string; role: string; text: string; parts: unknown[] }> } } }>(MESSAGES, { id: threadId });
    const user = read.body.data!.thread.messages.nodes.find((node) => node.id === message.id)!;
    expect(user.text).toBe('look at these');
    expect(user.parts).toEqual([
      { __typename: 'TextPart', text: 'look at these' },
      { __typename: 'FilePart', mime: 'text/plain', filename: 'notes.txt' },
      { __typename: 'FilePart', mime: 'image/png', filename: 'dot.png' },
    ]);
  });

  it('sends any text as text/plain, which OpenCode reads for the model: a declared text type, JSON, and a typeless file that is UTF-8', async () => {
    await start();
    const sent = await upload({ text: 'texts' }, [text('README.md', '# hi', 'text/markdown'), text('data.json', '{"a":1}', 'application/json'), new Blob(['fn main() {}']), text('../../etc/passwd', 'x')]);
    expect(sent.body.errors).toBeUndefined();
    const files = sent.body.data!.sendMessage.message.parts.filter((part) => part.__typename === 'FilePart');
    expect(files.map((file) => [file.filename, file.mime])).toEqual([
      ['README.md', 'text/plain'],
      ['data.json', 'text/plain'],
      ['blob', 'text/plain'],
      ['passwd', 'text/plain'],
    ]);
  });

  it('takes an image without a model named when the thread\'s last message used a model that reads images', async () => {
    await start();
    expect((await t.gql(SEND, { input: { threadId, text: 'first', model: VISION } })).body.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sent = await upload({ text: 'and this picture' }, [png()]);
    expect(sent.body.errors).toBeUndefined();
    expect(prompts()).toBe(2);
  });

  it('lists the upload limits', async () => {
    await start();
    const result = await t.gql<{ system: { uploads: unknown } }>('{ system { uploads { maxFileBytes maxFiles types } } }');
    expect(result.body.data!.system.uploads).toEqual({
      maxFileBytes: 10_485_760,
      maxFiles: 5,
      types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/*', 'application/pdf'],
    });
  });
});

describe('a refused file: BAD_USER_INPUT, naming it, and nothing sent', () => {
  it.each([
    ['six files', () => Array.from({ length: 6 }, (_, index) => text(`f${index}.txt`, 'x')), {}, 'input.files', /at most 5 files/],
    ['a file over the size limit', () => [text('small.txt', 'x'), text('big.txt', 'x'.repeat(2_000))], {}, 'input.files.1', /files\[1\] is 2 KB; a file may be at most 1 KB; nothing was sent/],
    ['a type the gateway does not take', () => [new File([Buffer.from([0x50, 0x4b, 3, 4, 0])], 'a.zip', { type: 'application/zip' })], {}, 'input.files.0', /is application\/zip, which this gateway does not take/],
    ['binary bytes declared as text', () => [new File([Buffer.from([0xff, 0xfe, 0])], 'a.txt', { type: 'text/plain' })], {}, 'input.files.0', /is declared as text\/plain but is not UTF-8 text/],
    ['a typeless binary file', () => [new Blob([Buffer.from([0, 1, 2, 0xff])])], {}, 'input.files.0', /is application\/octet-stream, which this gateway does not take/],
    ['an image for a model that reads only text', () => [text('a.txt', 'fine'), png()], { model: TEXT_ONLY }, 'input.files.1', /is an image, which the model scripted\/scripted-model does not take \(it takes text\)/],
    ['an image with no model named, where OpenCode\'s default reads only text', () => [png()], {}, 'input.files.0', /the model scripted\/scripted-model does not take/],
  ])('%s', async (_name, files, extra, field, message) => {
    await start({ uploads: { maxFileBytes: 1_024, types: ['image/png', 'text/*'] } });
    const sent = await upload({ text: 'refused', idempotencyKey: 'key-refused-0001', ...extra }, files());
    expect(sent.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT', field } });
    expect(prompts()).toBe(0);
    // The key is left free: the same key with files that pass sends.
    expect(await getIdempotencyKey(t.store.db, 'key-refused-0001')).toBeUndefined();
  });

  it('refuses a file given as anything but a multipart part', async () => {
    await start();
    const sent = await t.gql(SEND, { input: { threadId, text: 'json', files: ['data:text/plain;base64,eA=='] } });
    expect(sent.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.files[0]' });
    expect(prompts()).toBe(0);
  });
});

describe('a keyed send with files', () => {
  it('sends once however often it is retried, and refuses the key with other bytes under the same name', async () => {
    await start();
    const key = { idempotencyKey: 'key-files-0001', model: VISION };
    const first = await upload({ text: 'keyed', ...key }, [png(), text('a.txt', 'one')]);
    const again = await upload({ text: 'keyed', ...key }, [png(), text('a.txt', 'one')]);
    expect(again.body.data!.sendMessage.message.id).toBe(first.body.data!.sendMessage.message.id);
    expect(prompts()).toBe(1);
    const other = await upload({ text: 'keyed', ...key }, [png(), text('a.txt', 'two')]);
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(prompts()).toBe(1);
  });
});

describe('an upload over HTTP', () => {
  it('may be as large as its files allow, where any other body stops at OTTO_MAX_BODY_BYTES; larger is 413', async () => {
    await start({ maxBodyBytes: 2_048, uploads: { maxFileBytes: 4_096, types: ['text/*'] } });
    const within = await upload({ text: 'big files' }, [text('a.txt', 'a'.repeat(4_000)), text('b.txt', 'b'.repeat(4_000))]);
    expect(within.body.errors).toBeUndefined();
    const json = await t.gql(SEND, { input: { threadId, text: 'x'.repeat(3_000) } });
    expect(json.status).toBe(413);
    const over = await upload({ text: 'too big' }, [text('huge.txt', 'h'.repeat(5 * 4_096 + 2_100))]);
    expect(over).toMatchObject({ status: 413, body: { errors: [{ extensions: { code: 'BAD_REQUEST' } }] } });
    expect(prompts()).toBe(1);
  });

  it('holds a multipart body of undeclared length (chunked) to OTTO_MAX_BODY_BYTES: it is read before the caller is known', async () => {
    await start({ maxBodyBytes: 2_048, uploads: { maxFileBytes: 4_096, types: ['text/*'] } });
    const { body, headers } = await encoded(multipart({ text: 'chunked' }, [text('a.txt', 'a'.repeat(3_000))]));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(body));
        controller.close();
      },
    });
    const response = await t.fetch('/graphql', { method: 'POST', headers: { ...bearer, 'content-type': headers['content-type']! }, body: chunked, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(prompts()).toBe(0);
  });

  it('answers an upload without a valid token 401, and sends nothing', async () => {
    await start();
    const sent = await upload({ text: 'who?' }, [text('a.txt', 'x')], { authorization: 'Bearer otto_not-a-real-token-0000' });
    expect(sent).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect(prompts()).toBe(0);
  });

  it('needs no CSRF header with a bearer token; with the session cookie it needs it like every request', async () => {
    await start();
    expect((await upload({ text: 'by token' }, [text('a.txt', 'x')])).body.errors).toBeUndefined();
    const signIn = await t.fetch('/auth/session', { method: 'POST', headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' }, body: JSON.stringify({ token: TOKEN }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const bare = await upload({ text: 'by cookie' }, [text('a.txt', 'x')], { cookie });
    expect(bare).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: 'FORBIDDEN' } }] } });
    const withHeader = await upload({ text: 'by cookie' }, [text('a.txt', 'x')], { cookie, 'x-graphql-yoga-csrf': '1' });
    expect(withHeader.body.errors).toBeUndefined();
    expect(prompts()).toBe(2);
  });

  it('keeps refusing a form post without the CSRF header, even with a bearer token', async () => {
    await start();
    const response = await t.fetch('/graphql', {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7Bsystem%7Bversion%7D%7D',
    });
    expect(response.status).toBe(403);
  });
});
