import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { getIdempotencyKey, openMemoryStore, type Store } from '@otto/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, toClientError } from '../errors.js';
import { SendService, type SendInput, type SendOutcome } from './send.service.js';
import { eventually } from '../../test/harness.js';

// Every promise a send makes, kept against the in-memory OpenCode: crashed, stalled, and robbed of
// a message's text the way a killed `opencode serve` leaves it.
let fake: FakeOpencode;
let store: Store;
let sender: SendService;
let threadId: string;
const TIMEOUT_MS = 300;

beforeEach(async () => {
  fake = createFakeOpencode({ timeoutMs: TIMEOUT_MS });
  store = await openMemoryStore();
  sender = new SendService({
    opencode: fake,
    store,
    // As while the mirror is live: no call to OpenCode.
    requireSession: async () => undefined,
    timeoutMs: TIMEOUT_MS,
    reply: { pollMs: 10, idleChecks: 2 },
    acceptGraceMs: 100,
  });
  threadId = (await fake.createSession({ title: 'sends' })).id;
});
afterEach(() => store.close());

const unchecked = (timeoutMs = TIMEOUT_MS) => new SendService({ opencode: fake, store, requireSession: async () => undefined, timeoutMs });
const input = (text: string, extra: Partial<SendInput> = {}): SendInput => ({ threadId, text, awaitReply: false, ...extra });
const prompts = () => fake.calls.filter((call) => call === 'session.prompt_async').length;
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return { code: codeOf(toClientError(error, () => undefined)), message: (error as Error).message };
};
async function userMessages() {
  const { messages } = await fake.messages(threadId);
  return messages.filter((m) => m.info.role === 'user').map((m) => ({ id: m.info.id, texts: m.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])) }));
}
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('a keyed send', () => {
  it('puts the text into OpenCode once, and a retry sends nothing', async () => {
    const first = await sender.send(input('only once', { idempotencyKey: 'key-once-0001' }));
    const again = await sender.send(input('only once', { idempotencyKey: 'key-once-0001' }));
    expect(again.message.id).toBe(first.message.id);
    expect(again.message.text).toBe('only once');
    expect(prompts()).toBe(1);
    expect(await userMessages()).toEqual([{ id: first.message.id, texts: ['only once'] }]);
  });

  it('after OpenCode lost the text behind a delivered id, a retry sends it again: the thread holds it exactly once (defect 1)', async () => {
    const first = await sender.send(input('keep me', { idempotencyKey: 'key-lost-0001' }));
    await settled();
    fake.dropTextOf(first.message.id);
    const retry = await sender.send(input('keep me', { idempotencyKey: 'key-lost-0001' }));
    expect(retry.message.text).toBe('keep me');
    await settled();
    expect(await userMessages()).toEqual([{ id: first.message.id, texts: ['keep me'] }]);
    // A third try finds it whole and leaves it alone.
    await sender.send(input('keep me', { idempotencyKey: 'key-lost-0001' }));
    expect(prompts()).toBe(2);
  });

  it('a crash during the send answers DELIVERY_UNCONFIRMED, keeps the key retryable, and the retry delivers once', async () => {
    fake.stall(5_000);
    const sending = sender.send(input('cut off', { idempotencyKey: 'key-crash-0001' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    fake.crash();
    expect(await failure(sending)).toMatchObject({ code: 'DELIVERY_UNCONFIRMED', message: expect.stringMatching(/idempotencyKey/) });
    expect(await getIdempotencyKey(store.db, 'key-crash-0001')).toMatchObject({ status: 'PENDING' });
    fake.restart();
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 1_050));
    const retry = await sender.send(input('cut off', { idempotencyKey: 'key-crash-0001' }));
    await settled();
    expect(await userMessages()).toEqual([{ id: retry.message.id, texts: ['cut off'] }]);
  });

  it('a refused send is FAILED with its code, and a retry later sends it', async () => {
    fake.crash();
    expect(await failure(sender.send(input('refused', { idempotencyKey: 'key-failed-001' })))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await getIdempotencyKey(store.db, 'key-failed-001')).toMatchObject({ status: 'FAILED', errorCode: 'UPSTREAM_UNAVAILABLE' });
    fake.restart();
    const retry = await sender.send(input('refused', { idempotencyKey: 'key-failed-001' }));
    await settled();
    expect(await userMessages()).toEqual([{ id: retry.message.id, texts: ['refused'] }]);
    expect(await getIdempotencyKey(store.db, 'key-failed-001')).toMatchObject({ status: 'ACCEPTED', errorCode: null });
  });

  it('sends nothing to a thread OpenCode does not have', async () => {
    const checked = new SendService({ opencode: fake, store, requireSession: (id) => fake.getSession(id), timeoutMs: TIMEOUT_MS });
    expect(await failure(checked.send(input('anyone?', { threadId: 'ses_missing0000000' })))).toMatchObject({ code: 'NOT_FOUND' });
    expect(prompts()).toBe(0);
  });

  it('refuses the same key for other text', async () => {
    await sender.send(input('first text', { idempotencyKey: 'key-reuse-0001' }));
    expect(await failure(sender.send(input('other text', { idempotencyKey: 'key-reuse-0001' })))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('lets concurrent twins share one send', async () => {
    const [a, b] = await Promise.all([
      sender.send(input('twins', { idempotencyKey: 'key-twin-0001' })),
      sender.send(input('twins', { idempotencyKey: 'key-twin-0001' })),
    ]);
    expect(a.message.id).toBe(b.message.id);
    expect(prompts()).toBe(1);
  });

  it('answers IDEMPOTENCY_IN_PROGRESS at once while another gateway is sending under the key', async () => {
    const slow = unchecked();
    const other = unchecked();
    fake.stall(150);
    const first = slow.send(input('in flight', { idempotencyKey: 'key-held-0001' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    expect(await failure(other.send(input('in flight', { idempotencyKey: 'key-held-0001' })))).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(performance.now() - started).toBeLessThan(200);
    await first;
    expect(prompts()).toBe(1);
  });
});

describe('one deadline per send (defect 7)', () => {
  it('a keyed send to a stalled OpenCode ends after one timeout, not two', async () => {
    fake.stall(10_000);
    const started = performance.now();
    expect(await failure(sender.send(input('stalled', { idempotencyKey: 'key-stall-0001' })))).toMatchObject({ code: 'DELIVERY_UNCONFIRMED' });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 1.6);
  });

  it('counts the thread lookup in the same deadline, even when each call alone would be in time', async () => {
    const checked = new SendService({ opencode: fake, store, requireSession: (id, signal) => fake.getSession(id, { signal }), timeoutMs: TIMEOUT_MS });
    fake.stall(TIMEOUT_MS * 0.7);
    const started = performance.now();
    expect(await failure(checked.send(input('slow lookup', { idempotencyKey: 'key-stall-0003' })))).toMatchObject({ code: 'DELIVERY_UNCONFIRMED' });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 1.2);
  });

  it('so does a keyed retry that has to look before it sends', async () => {
    const first = await sender.send(input('look first', { idempotencyKey: 'key-stall-0002' }));
    await settled();
    fake.dropTextOf(first.message.id);
    fake.stall(10_000);
    const started = performance.now();
    expect(await failure(sender.send(input('look first', { idempotencyKey: 'key-stall-0002' })))).toMatchObject({ code: 'DELIVERY_UNCONFIRMED' });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 1.6);
  });
});

describe('an unkeyed send (defect 10)', () => {
  it('whose outcome is unknown says so, and says a key makes the retry safe — OpenCode may still take it', async () => {
    fake.stall(TIMEOUT_MS * 2);
    const result = await failure(sender.send(input('maybe delivered')));
    expect(result).toMatchObject({ code: 'DELIVERY_UNCONFIRMED', message: expect.stringMatching(/without an idempotencyKey/) });
    // OpenCode gets to the request it was holding after all.
    fake.stall(0);
    await settled();
    expect((await userMessages()).map((m) => m.texts)).toEqual([['maybe delivered']]);
  });

  it('that surely never reached OpenCode is UPSTREAM_UNAVAILABLE', async () => {
    fake.crash();
    expect(await failure(sender.send(input('refused')))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});

describe('awaited replies when OpenCode dies (defect 2)', () => {
  it('end within 2 s of the crash with UPSTREAM_UNAVAILABLE, and so does a twin with the same key', async () => {
    fake.scriptReplies(() => ({ hang: true }));
    const waiting = sender.send(input('think forever', { idempotencyKey: 'key-await-0001', awaitReply: true }));
    const twin = sender.send(input('think forever', { idempotencyKey: 'key-await-0001', awaitReply: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const crashedAt = performance.now();
    fake.crash();
    sender.upstreamLost('test crash');
    expect(await failure(waiting)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await failure(twin)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(performance.now() - crashedAt).toBeLessThan(2_000);
  });

  it('an awaited retry after the restart ends at once: the cut-off reply will never finish', async () => {
    fake.scriptReplies(() => ({ hang: true }));
    const waiting = sender.send(input('cut reply', { idempotencyKey: 'key-await-0002', awaitReply: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    fake.crash();
    sender.upstreamLost('test crash');
    await failure(waiting);
    fake.restart();
    fake.scriptReplies(undefined);
    const started = performance.now();
    const retry = await failure(sender.send(input('cut reply', { idempotencyKey: 'key-await-0002', awaitReply: true })));
    expect(retry).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/cut off/) });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await userMessages()).map((m) => m.texts)).toEqual([['cut reply']]);
  });

  it('returns the finished reply when nothing goes wrong', async () => {
    const { message, reply } = await sender.send(input('hello', { idempotencyKey: 'key-await-0003', awaitReply: true }));
    expect(reply).toMatchObject({ role: 'ASSISTANT', status: 'COMPLETE', text: 'echo: hello', parentId: message.id });
  });
});

describe('what each send came to (otto_sends_total)', () => {
  let outcomes: SendOutcome[];
  const counted = () =>
    new SendService({
      opencode: fake,
      store,
      requireSession: async () => undefined,
      timeoutMs: TIMEOUT_MS,
      reply: { pollMs: 10, idleChecks: 2 },
      acceptGraceMs: 100,
      onOutcome: (outcome) => outcomes.push(outcome),
    });
  beforeEach(() => {
    outcomes = [];
  });

  it('delivered once, then replayed for a retry and for a twin: nothing was sent again', async () => {
    const send = counted();
    await send.send(input('counted', { idempotencyKey: 'key-count-0001' }));
    await send.send(input('counted', { idempotencyKey: 'key-count-0001' }));
    await Promise.all([send.send(input('twin', { idempotencyKey: 'key-count-0002' })), send.send(input('twin', { idempotencyKey: 'key-count-0002' }))]);
    await send.send(input('no key'));
    expect(outcomes.sort()).toEqual(['delivered', 'delivered', 'delivered', 'replayed', 'replayed']);
  });

  it('unconfirmed when OpenCode may have it, failed when it surely has not', async () => {
    const send = counted();
    fake.stall(TIMEOUT_MS * 2);
    await failure(send.send(input('maybe', { idempotencyKey: 'key-count-0003' })));
    fake.restart();
    fake.crash();
    await failure(send.send(input('refused')));
    fake.restart();
    await send.send(input('first text', { idempotencyKey: 'key-count-0004' }));
    await failure(send.send(input('other text', { idempotencyKey: 'key-count-0004' })));
    expect(outcomes).toEqual(['unconfirmed', 'failed', 'delivered', 'failed']);
  });

  it('counts an awaited send once, when its text is in, whatever becomes of the reply', async () => {
    const send = counted();
    fake.scriptReplies(() => ({ hang: true }));
    const waiting = send.send(input('long think', { idempotencyKey: 'key-count-0005', awaitReply: true }));
    await eventually(async () => outcomes.length === 1, 2_000, 5);
    expect(outcomes).toEqual(['delivered']);
    fake.crash();
    send.upstreamLost('test crash');
    await failure(waiting);
    expect(outcomes).toEqual(['delivered']);
  });
});
