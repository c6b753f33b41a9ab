import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { getIdempotencyKey, IDEMPOTENCY_LEASE_MS, openStore, type Store } from '@otto/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeOf, toClientError } from '../errors.js';
import { SendService, type SendInput, type SendResult } from './send.service.js';
import { eventually } from '../../test/harness.js';

// Two gateways — two send services, each with its own connection to one SQLite file — in front of one
// OpenCode: a key is sent once whichever of them its requests reach, and a dead one's claim is taken over.
let fake: FakeOpencode;
let dir: string;
let storeA: Store;
let storeB: Store;
let a: SendService;
let b: SendService;
let threadId: string;
/** How far the gateways' shared clock is ahead of the real one: a test moves time by raising it. */
let skew: number;
const clock = () => Date.now() + skew;

beforeEach(async () => {
  skew = 0;
  fake = createFakeOpencode({ timeoutMs: 5_000 });
  dir = await mkdtemp(join(tmpdir(), 'otto-send-lease-'));
  const databaseUrl = `sqlite:${join(dir, 'otto.sqlite')}`;
  storeA = await openStore({ databaseUrl, dataDir: dir });
  storeB = await openStore({ databaseUrl, dataDir: dir });
  const gateway = (store: Store) =>
    new SendService({
      opencode: fake,
      store,
      requireSession: async () => undefined,
      timeoutMs: 5_000,
      reply: { pollMs: 10, idleChecks: 2 },
      acceptGraceMs: 100,
      // Often enough that a test need not wait long for a renewal; the clock decides when a lease runs out.
      leaseRenewMs: 20,
      clock,
    });
  a = gateway(storeA);
  b = gateway(storeB);
  threadId = (await fake.createSession({ title: 'two gateways' })).id;
});
afterEach(async () => {
  await Promise.all([storeA.close(), storeB.close()]);
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const input = (text: string, extra: Partial<SendInput> = {}): SendInput => ({ threadId, text, awaitReply: false, ...extra });
const prompts = () => fake.calls.filter((call) => call === 'session.prompt_async').length;
async function userMessages() {
  // OpenCode stores a prompt's text a moment after accepting it.
  await sleep(20);
  const { messages } = await fake.messages(threadId);
  return messages.filter((m) => m.info.role === 'user').map((m) => ({ id: m.info.id, texts: m.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])) }));
}
const codeOfFailure = (error: unknown) => codeOf(toClientError(error, () => undefined));
const stored = (key: string) => getIdempotencyKey(storeB.db, key);

/** Sends `count` requests of one key, alternating between the gateways and a few ms apart. */
async function race(count: number, text: string, key: string): Promise<Array<PromiseSettledResult<SendResult>>> {
  return Promise.allSettled(
    Array.from({ length: count }, async (_, i) => {
      await sleep(i * 3);
      return (i % 2 === 0 ? a : b).send(input(text, { idempotencyKey: key }));
    }),
  );
}

/** Every answer is the one message, or IDEMPOTENCY_IN_PROGRESS; at least one is the message. */
function expectOneMessageOrInProgress(answers: Array<PromiseSettledResult<SendResult>>): string {
  const ids = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value.message.id] : []));
  const codes = answers.flatMap((answer) => (answer.status === 'rejected' ? [codeOfFailure(answer.reason)] : []));
  expect(new Set(codes)).toEqual(new Set(codes.length > 0 ? ['IDEMPOTENCY_IN_PROGRESS'] : []));
  expect(new Set(ids).size).toBe(1);
  return ids[0] as string;
}

describe('one key sent through two gateways on one database', () => {
  it('20 requests at once put the text into OpenCode once, and retries after replay it', async () => {
    const id = expectOneMessageOrInProgress(await race(20, 'once over two', 'key-race-0001'));
    expect(prompts()).toBe(1);
    expect(await userMessages()).toEqual([{ id, texts: ['once over two'] }]);
    const [viaA, viaB] = await Promise.all([a, b].map((gateway) => gateway.send(input('once over two', { idempotencyKey: 'key-race-0001' }))));
    expect([viaA?.message.id, viaB?.message.id]).toEqual([id, id]);
    expect(prompts()).toBe(1);
  });

  it('20 retries at once after OpenCode lost the text restore it once: only the lease holder sends', async () => {
    const first = await a.send(input('restore me', { idempotencyKey: 'key-race-0002' }));
    await eventually(async () => (await userMessages()).length === 1, 10_000, 5);
    fake.dropTextOf(first.message.id);
    // Past the accept grace, so no retry waits for the text to show up: each may look and send at once.
    await sleep(150);
    expectOneMessageOrInProgress(await race(20, 'restore me', 'key-race-0002'));
    expect(prompts()).toBe(2);
    expect(await userMessages()).toEqual([{ id: first.message.id, texts: ['restore me'] }]);
  });
});

describe('a claim left behind by a gateway that died', () => {
  it('blocks its key with IDEMPOTENCY_IN_PROGRESS until its lease runs out; then a retry sends what is missing, once', async () => {
    fake.stall(100);
    const dying = a.send(input('left behind', { idempotencyKey: 'key-dead-0001' }));
    const claim = await eventually(() => stored('key-dead-0001'), 10_000, 5);
    // Gateway A dies with its prompt on the way: nothing of it reaches the database any more, so its
    // lease is never renewed nor released, and its key stays PENDING.
    await storeA.close();
    await dying.catch(() => undefined);
    fake.stall(0);
    // OpenCode took the prompt but, as when it dies just after, lost its text.
    await eventually(async () => (await fake.message(threadId, claim.messageId)) ?? undefined, 10_000, 5);
    fake.dropTextOf(claim.messageId);
    expect(await stored('key-dead-0001')).toMatchObject({ status: 'PENDING', leaseOwner: claim.leaseOwner });

    const blocked = await b.send(input('left behind', { idempotencyKey: 'key-dead-0001' })).catch(codeOfFailure);
    expect(blocked).toBe('IDEMPOTENCY_IN_PROGRESS');
    skew += IDEMPOTENCY_LEASE_MS - 1_000;
    expect(await b.send(input('left behind', { idempotencyKey: 'key-dead-0001' })).catch(codeOfFailure)).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(prompts()).toBe(1);

    skew += 1_000;
    const retry = await b.send(input('left behind', { idempotencyKey: 'key-dead-0001' }));
    expect(retry.message.id).toBe(claim.messageId);
    expect(prompts()).toBe(2);
    expect(await userMessages()).toEqual([{ id: claim.messageId, texts: ['left behind'] }]);
    expect(await stored('key-dead-0001')).toMatchObject({ status: 'ACCEPTED', leaseOwner: null });
  });
});

describe('a send awaiting its reply', () => {
  it('keeps renewing its lease, so the other gateway replays read-only or answers IN_PROGRESS, and never sends', async () => {
    fake.scriptReplies(() => ({ hang: true }));
    const waiting = a.send(input('long think', { idempotencyKey: 'key-long-0001', awaitReply: true }));
    const accepted = await eventually(async () => {
      const entry = await stored('key-long-0001');
      return entry?.status === 'ACCEPTED' ? entry : undefined;
    }, 10_000, 5);
    // A minute passes, well beyond one lease, with gateway A renewing it all along.
    for (let step = 0; step < 3; step++) {
      skew += 20_000;
      await eventually(async () => ((await stored('key-long-0001'))?.leaseUntil ?? 0) >= clock() + IDEMPOTENCY_LEASE_MS - 5_000, 10_000, 5);
    }
    const replayed = await b.send(input('long think', { idempotencyKey: 'key-long-0001' }));
    expect(replayed.message.id).toBe(accepted.messageId);
    // With the text lost, only the lease holder could restore it; B must not.
    fake.dropTextOf(accepted.messageId);
    expect(await b.send(input('long think', { idempotencyKey: 'key-long-0001' })).catch(codeOfFailure)).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(prompts()).toBe(1);

    // A's wait ends (OpenCode reported gone): it lets go, and the next retry restores the text, once.
    a.upstreamLost('test');
    expect(await waiting.catch(codeOfFailure)).toBe('UPSTREAM_UNAVAILABLE');
    expect(await stored('key-long-0001')).toMatchObject({ status: 'ACCEPTED', leaseOwner: null });
    await b.send(input('long think', { idempotencyKey: 'key-long-0001' }));
    expect(prompts()).toBe(2);
    expect(await userMessages()).toEqual([{ id: accepted.messageId, texts: ['long think'] }]);
  });
});
