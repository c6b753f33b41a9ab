import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codes, eventually, startTestGateway, type TestGateway } from './harness.js';

// An external OpenCode has no supervisor to report its exit: the health probe and the event stream
// are what find it gone, and every send waiting on it must end then — within 2 s.
let fake: FakeOpencode;
let t: TestGateway;
const SEND = 'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id } reply { text } } }';

beforeEach(async () => {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake, healthIntervalMs: 100, reply: { pollMs: 20 } });
  await eventually(async () => (await t.gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).body.data?.system.opencode.status === 'UP', 5_000, 10);
});
afterEach(() => t.close());

describe('when OpenCode dies without a supervisor to say so', () => {
  it('every awaited send ends within 2 s with UPSTREAM_UNAVAILABLE, a twin with the same key too', async () => {
    const { body } = await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "loss" }) { id } }');
    const threadId = body.data!.createThread.id;
    fake.scriptReplies(() => ({ hang: true }));
    const input = { threadId, text: 'wait for me', idempotencyKey: 'key-loss-00001', awaitReply: true };
    const waiting = [t.gql(SEND, { i: input }), t.gql(SEND, { i: input }), t.gql(SEND, { i: { ...input, idempotencyKey: 'key-loss-00002', text: 'me too' } })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const crashedAt = performance.now();
    fake.crash();
    const answers = await Promise.all(waiting);
    expect(performance.now() - crashedAt).toBeLessThan(2_000);
    for (const answer of answers) expect(codes(answer)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });
});
