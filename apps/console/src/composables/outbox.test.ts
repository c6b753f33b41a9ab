import { CombinedError } from '@urql/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import type { ErrorCode } from '../gql/graphql';

interface SendVariables {
  input: { threadId: string; text: string; idempotencyKey: string };
}
type SendResult = { data?: { sendMessage: { message: { id: string } } }; error?: CombinedError };

const executeMutation = vi.fn<(variables: SendVariables) => Promise<SendResult>>();
vi.mock('@urql/vue', () => ({ useMutation: () => ({ executeMutation }) }));

const refused = (code: ErrorCode): SendResult => ({
  error: new CombinedError({ graphQLErrors: [{ message: `gateway says ${code}`, extensions: { code } }] }),
});
const accepted = (id: string): SendResult => ({ data: { sendMessage: { message: { id } } } });
const keysSent = () => executeMutation.mock.calls.map(([variables]) => variables.input.idempotencyKey);

async function setup() {
  // The outbox is module-wide; each test starts with an empty one.
  vi.resetModules();
  const { useOutbox, AUTO_RETRY_DELAYS_MS } = await import('./outbox');
  const outbox = effectScope().run(() => useOutbox(() => 'ses_a', { shown: () => [], onSent: () => undefined }))!;
  return { outbox, delays: AUTO_RETRY_DELAYS_MS };
}

beforeEach(() => {
  vi.useFakeTimers();
  executeMutation.mockReset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useOutbox', () => {
  it('shows an unconfirmed send as such and tries again by itself, always under the same key', async () => {
    executeMutation
      .mockResolvedValueOnce(refused('DELIVERY_UNCONFIRMED'))
      .mockResolvedValueOnce(refused('IDEMPOTENCY_IN_PROGRESS'))
      .mockResolvedValueOnce(accepted('msg_1'));
    const { outbox, delays } = await setup();

    outbox.send('hello');
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.items.value[0]).toMatchObject({ status: 'unconfirmed', retrying: true });
    expect(outbox.items.value[0]?.error).not.toMatch(/not sent/i);

    await vi.advanceTimersByTimeAsync(delays[0]);
    expect(outbox.items.value[0]).toMatchObject({ status: 'unconfirmed', retrying: true });
    await vi.advanceTimersByTimeAsync(delays[1]);
    expect(outbox.items.value[0]).toMatchObject({ status: 'sent', messageId: 'msg_1' });

    const keys = keysSent();
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('after its own tries, waits for Retry, which sends the same key again', async () => {
    executeMutation.mockResolvedValue(refused('DELIVERY_UNCONFIRMED'));
    const { outbox, delays } = await setup();

    outbox.send('hello');
    await vi.advanceTimersByTimeAsync(delays.reduce((sum, delay) => sum + delay, 0));
    const [item] = outbox.items.value;
    expect(item).toMatchObject({ status: 'unconfirmed', retrying: false });
    expect(executeMutation).toHaveBeenCalledTimes(delays.length + 1);

    executeMutation.mockResolvedValueOnce(accepted('msg_1'));
    outbox.retry(item!.key);
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.items.value[0]).toMatchObject({ status: 'sent' });
    expect(new Set(keysSent())).toEqual(new Set([item!.key]));
  });

  it('does not try again by itself when the gateway surely did not send it', async () => {
    executeMutation.mockResolvedValueOnce(refused('BAD_USER_INPUT'));
    const { outbox } = await setup();

    outbox.send('hello');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outbox.items.value[0]).toMatchObject({ status: 'failed', error: 'gateway says BAD_USER_INPUT' });
    expect(executeMutation).toHaveBeenCalledTimes(1);
  });

  it('stops trying once the operator discards it', async () => {
    executeMutation.mockResolvedValue(refused('DELIVERY_UNCONFIRMED'));
    const { outbox } = await setup();

    outbox.send('hello');
    await vi.advanceTimersByTimeAsync(0);
    outbox.discard(outbox.items.value[0]!.key);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(executeMutation).toHaveBeenCalledTimes(1);
    expect(outbox.items.value).toEqual([]);
  });
});
