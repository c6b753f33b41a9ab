import { CombinedError } from '@urql/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';

interface SendVariables {
  input: { threadId: string; text: string; idempotencyKey: string; model: string | null; agent: string | null };
}
type SendResult = { data?: { sendMessage: { message: { id: string } } }; error?: CombinedError };

const executeMutation = vi.fn<(variables: SendVariables) => Promise<SendResult>>();
vi.mock('@urql/vue', () => ({ useMutation: () => ({ executeMutation }) }));

const unconfirmed: SendResult = {
  error: new CombinedError({ graphQLErrors: [{ message: 'gateway says DELIVERY_UNCONFIRMED', extensions: { code: 'DELIVERY_UNCONFIRMED' } }] }),
};

/** Fresh modules (the choices and the outbox are module-wide), reading what localStorage holds now. */
async function load() {
  vi.resetModules();
  const { useThreadChoice } = await import('./threadChoice');
  const { useOutbox } = await import('./outbox');
  return effectScope().run(() => ({
    a: useThreadChoice(() => 'ses_a'),
    b: useThreadChoice(() => 'ses_b'),
    outbox: useOutbox(() => 'ses_a', { shown: () => [], onSent: () => undefined }),
  }))!;
}

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
  executeMutation.mockReset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a thread’s model and agent picks', () => {
  it('are per thread, and remembered across a reload of the page', async () => {
    const first = await load();
    first.a.model.value = 'scripted/scripted-vision';
    first.a.agent.value = 'plan';
    expect(first.b.model.value).toBeNull();

    const again = await load();
    expect(again.a.model.value).toBe('scripted/scripted-vision');
    expect(again.a.agent.value).toBe('plan');
    expect(again.b.agent.value).toBeNull();
  });

  it('go with each send, and a retry sends what its key was first sent with even after the pick changed', async () => {
    executeMutation.mockResolvedValue(unconfirmed);
    const { a, outbox } = await load();
    outbox.send('with defaults');
    a.model.value = 'scripted/scripted-vision';
    a.agent.value = 'plan';
    outbox.send('with picks');
    await vi.advanceTimersByTimeAsync(0);
    const [plain, picked] = executeMutation.mock.calls.map(([variables]) => variables.input);
    expect(plain).toMatchObject({ text: 'with defaults', model: null, agent: null });
    expect(picked).toMatchObject({ text: 'with picks', model: 'scripted/scripted-vision', agent: 'plan' });

    a.agent.value = 'build';
    executeMutation.mockClear();
    await vi.advanceTimersByTimeAsync(1_000);
    const retries = executeMutation.mock.calls.map(([variables]) => variables.input);
    expect(retries.find((input) => input.text === 'with picks')).toMatchObject({ model: 'scripted/scripted-vision', agent: 'plan', idempotencyKey: picked!.idempotencyKey });
  });
});
