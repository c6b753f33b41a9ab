import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, createThread, ok, requestCalls, startTestGateway, type TestGateway } from './harness.js';

// Models and agents on the in-memory OpenCode: what system.models and system.agents say, and a send
// naming them (or naming one OpenCode does not offer).
let fake: FakeOpencode;
let t: TestGateway;

const LISTS = '{ system { models { id name providerId modelId label contextWindow inputCostPerMTok outputCostPerMTok inputs } agents { name description mode } } }';
const SEND = `mutation($i: SendMessageInput!) {
  sendMessage(input: $i) { message { id model { providerId modelId } agent } reply { model { providerId modelId } agent tokens { input output } cost } }
}`;

beforeAll(async () => {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake });
});

afterAll(() => t?.close());

describe('models and agents', () => {
  it("lists the connected providers' models as provider/model with their window, price and inputs, and the agents", async () => {
    const { system } = ok(await t.gql<{ system: { models: unknown[]; agents: unknown[] } }>(LISTS));
    expect(system.models).toEqual([
      {
        id: 'scripted/scripted-model',
        name: 'scripted/scripted-model',
        providerId: 'scripted',
        modelId: 'scripted-model',
        label: 'Scripted model',
        contextWindow: null,
        inputCostPerMTok: 0,
        outputCostPerMTok: 0,
        inputs: ['text'],
      },
      {
        id: 'scripted/scripted-vision',
        name: 'scripted/scripted-vision',
        providerId: 'scripted',
        modelId: 'scripted-vision',
        label: 'Scripted vision',
        contextWindow: 200_000,
        inputCostPerMTok: 3,
        outputCostPerMTok: 15,
        inputs: ['text', 'image', 'pdf'],
      },
    ]);
    expect(system.agents).toContainEqual({ name: 'plan', description: 'Plan mode. Disallows all edit tools.', mode: 'primary' });
    expect(system.agents).toContainEqual(expect.objectContaining({ name: 'general', mode: 'subagent' }));
  });

  it('reads the lists from OpenCode once in a while, not at every request', async () => {
    fake.calls.length = 0;
    ok(await t.gql(LISTS));
    ok(await t.gql(LISTS));
    expect(requestCalls(fake).filter((call) => call === 'config.providers' || call === 'app.agents')).toEqual([]);
  });

  it('a send naming a model and an agent reaches OpenCode with them, and the reply says which model it was', async () => {
    const threadId = await createThread(t, 'models');
    const { sendMessage } = ok(
      await t.gql<{ sendMessage: { message: unknown; reply: unknown } }>(SEND, {
        i: { threadId, text: 'look at this', model: 'scripted/scripted-vision', agent: 'plan', awaitReply: true },
      }),
    );
    const model = { providerId: 'scripted', modelId: 'scripted-vision' };
    expect(sendMessage.message).toMatchObject({ model, agent: 'plan' });
    expect(sendMessage.reply).toMatchObject({ model, agent: 'plan', tokens: { input: expect.any(Number), output: expect.any(Number) }, cost: expect.any(Number) });
    const { messages } = await fake.messages(threadId);
    expect(messages[0]?.info).toMatchObject({ role: 'user', agent: 'plan', model: { providerID: 'scripted', modelID: 'scripted-vision' } });
  });

  it('refuses a model or agent OpenCode does not offer, or a subagent, with BAD_USER_INPUT and sends nothing', async () => {
    const threadId = await createThread(t, 'models');
    const refusals = [
      [{ model: 'scripted/no-such-model' }, 'input.model'],
      // Offered, but its provider is not connected.
      [{ model: 'anthropic/claude-sonnet-4-5' }, 'input.model'],
      [{ agent: 'nobody' }, 'input.agent'],
      [{ agent: 'general' }, 'input.agent'],
    ] as const;
    for (const [index, [input, field]] of refusals.entries()) {
      fake.calls.length = 0;
      const refused = await t.gql(SEND, { i: { threadId, text: 'not sent', idempotencyKey: `refused-send-${index}`, ...input } });
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.body.errors?.[0]?.extensions?.field).toBe(field);
      expect(requestCalls(fake)).not.toContain('session.prompt_async');
    }
    expect((await fake.messages(threadId)).messages).toEqual([]);
  });

  it("after a provider key is set, the provider's models are listed at once", async () => {
    ok(await t.gql(LISTS));
    ok(
      await t.gql('mutation($i: SetProviderCredentialInput!) { setProviderCredential(input: $i) { id } }', {
        i: { providerId: 'openai', apiKey: 'sk-models-test-key-0123456789' },
      }),
    );
    const { system } = ok(await t.gql<{ system: { models: Array<{ name: string }> } }>('{ system { models { name } } }'));
    expect(system.models.map((model) => model.name)).toContain('openai/gpt-5');
  });
});
