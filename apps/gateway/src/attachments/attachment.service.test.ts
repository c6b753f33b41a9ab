import { createHash } from 'node:crypto';
import { createFakeOpencode, newMessageId, type FakeOpencode } from '@otto/opencode';
import { beforeEach, describe, expect, it } from 'vitest';
import { codeOf } from '../errors.js';
import { AttachmentService, type ModelInputs } from './attachment.service.js';
import { DEFAULT_UPLOAD_LIMITS } from './upload-limits.js';

// The checks on a message's files, against the in-memory OpenCode: which model a file must suit,
// and what a checked file turns into.
let fake: FakeOpencode;
let threadId: string;
const INPUTS: Record<string, string[]> = { 'scripted/scripted-model': ['text'], 'scripted/scripted-vision': ['text', 'image', 'pdf'] };

function service(defaultModel: string | null = 'scripted/scripted-model') {
  const models: ModelInputs = { inputsOf: async (model) => INPUTS[model] ?? null, defaultModel: async () => defaultModel };
  return new AttachmentService({ limits: DEFAULT_UPLOAD_LIMITS, opencode: fake, models });
}

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'shot.png', { type: 'image/png' });
const pdf = () => new File(['%PDF-1.7'], 'spec.pdf', { type: 'application/pdf' });
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => ({ code: codeOf(error), message: (error as Error).message }));

beforeEach(async () => {
  fake = createFakeOpencode();
  threadId = (await fake.createSession({})).id;
});

async function sendWith(model: { providerId: string; modelId: string }) {
  await fake.promptAsync({ sessionId: threadId, messageId: newMessageId(), text: 'earlier', model });
  await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the model a file must suit', () => {
  it('is the model the message names', async () => {
    expect(await refusal(service().prepare([pdf()], { threadId, model: { providerId: 'scripted', modelId: 'scripted-model' } }))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'files[0] is a PDF, which the model scripted/scripted-model does not take (it takes text); nothing was sent',
    });
    await expect(service().prepare([pdf(), png()], { threadId, model: { providerId: 'scripted', modelId: 'scripted-vision' } })).resolves.toHaveLength(2);
  });

  it("else the thread's last message's, as OpenCode keeps it for a prompt naming none", async () => {
    await sendWith({ providerId: 'scripted', modelId: 'scripted-vision' });
    await expect(service().prepare([png()], { threadId })).resolves.toHaveLength(1);
  });

  it("else OpenCode's default; and none is checked when OpenCode names no default or does not know the model", async () => {
    expect(await refusal(service().prepare([png()], { threadId }))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('scripted/scripted-model does not take') });
    await expect(service(null).prepare([png()], { threadId })).resolves.toHaveLength(1);
    await expect(service().prepare([png()], { threadId, model: { providerId: 'elsewhere', modelId: 'unknown' } })).resolves.toHaveLength(1);
  });

  it('is not asked about text: no upstream call for a message with text files only', async () => {
    const before = fake.calls.length;
    await expect(service().prepare([new File(['plain'], 'a.txt', { type: 'text/plain' })], { threadId })).resolves.toHaveLength(1);
    expect(fake.calls.length).toBe(before);
  });
});

describe('a checked file', () => {
  it('carries its bytes in a data: URL, their hash and size, and a bare file name', async () => {
    const [file] = await service().prepare([new File(['héllo'], 'C:\\Users\\op\\notes\u0007.txt', { type: 'text/plain' })], { threadId });
    const bytes = Buffer.from('héllo');
    expect(file).toEqual({
      filename: 'notes.txt',
      mime: 'text/plain',
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      url: `data:text/plain;base64,${bytes.toString('base64')}`,
    });
  });

  it('refuses an oversized file before reading any file', async () => {
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxFileBytes: 4 };
    let read = false;
    const spy = new File(['ok'], 'a.txt', { type: 'text/plain' });
    spy.arrayBuffer = () => {
      read = true;
      return Promise.resolve(new ArrayBuffer(2));
    };
    const checker = new AttachmentService({ limits, opencode: fake });
    expect(await refusal(checker.prepare([spy, new File(['12345'], 'b.txt')], { threadId }))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^files\[1\] is 5 bytes; a file may be at most 4 bytes/) });
    expect(read).toBe(false);
  });
});
