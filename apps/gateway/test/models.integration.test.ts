import {
  SCRIPTED_MODEL,
  SCRIPTED_VISION_CONTEXT,
  SCRIPTED_VISION_COST,
  SCRIPTED_VISION_MODEL,
  SCRIPTED_VISION_MODEL_ID,
  type ModelServer,
} from '@otto/testkit';
import { startRealStack, type RealStack } from './real-stack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, createThread, ok, type TestGateway } from './harness.js';

// Models and agents through one real `opencode serve` and the scripted model server, which answers
// for both of the testkit config's models and records which one each request named.
let model: ModelServer;
let t: TestGateway;

interface Reply {
  model: { providerId: string; modelId: string };
  agent: string;
  tokens: { input: number; output: number };
  cost: number;
  text: string;
}
const SEND = `mutation($i: SendMessageInput!) {
  sendMessage(input: $i) { message { id } reply { model { providerId modelId } agent tokens { input output } cost text } }
}`;

let stack: RealStack;

beforeAll(async () => {
  stack = await startRealStack();
  ({ model, t } = stack);
}, 90_000);

afterAll(() => stack?.close());

describe('models and agents through the real OpenCode', () => {
  it("lists the configured models with the window, price and inputs OpenCode read from its config, and OpenCode's agents", async () => {
    const { system } = ok(
      await t.gql<{ system: { models: Array<Record<string, unknown>>; agents: Array<{ name: string; mode: string | null }> } }>(
        '{ system { models { name providerId contextWindow inputCostPerMTok outputCostPerMTok inputs } agents { name description mode } } }',
      ),
    );
    expect(system.models.toSorted((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: SCRIPTED_MODEL, providerId: 'scripted', contextWindow: null, inputCostPerMTok: 0, outputCostPerMTok: 0, inputs: ['text'] },
      {
        name: SCRIPTED_VISION_MODEL,
        providerId: 'scripted',
        contextWindow: SCRIPTED_VISION_CONTEXT,
        inputCostPerMTok: SCRIPTED_VISION_COST.input,
        outputCostPerMTok: SCRIPTED_VISION_COST.output,
        inputs: ['text', 'image', 'pdf'],
      },
    ]);
    expect(system.agents).toContainEqual(expect.objectContaining({ name: 'build', mode: 'primary' }));
    expect(system.agents).toContainEqual(expect.objectContaining({ name: 'plan', mode: 'primary' }));
    // OpenCode's own bookkeeping agents are not for prompts.
    expect(system.agents.map((agent) => agent.name)).not.toContain('title');
  });

  it('a model and agent picked for a send are the ones OpenCode used: the model server was asked for it, and the reply reports it with its tokens and cost', async () => {
    const threadId = await createThread(t, 'picked model');
    const { sendMessage } = ok(
      await t.gql<{ sendMessage: { reply: Reply } }>(SEND, {
        i: { threadId, text: 'which model answers', model: SCRIPTED_VISION_MODEL, agent: 'plan', awaitReply: true },
      }),
    );
    const asked = model.requests.filter((request) => request.purpose === 'chat' && request.lastUserText.includes('which model answers'));
    expect(asked.map((request) => request.body.model)).toEqual([SCRIPTED_VISION_MODEL_ID]);
    // The scripted model reports 10 prompt and 5 completion tokens; OpenCode prices them by the config.
    expect(sendMessage.reply).toMatchObject({
      model: { providerId: 'scripted', modelId: SCRIPTED_VISION_MODEL_ID },
      agent: 'plan',
      tokens: { input: 10, output: 5 },
      // The plan agent adds its own reminder to the user's text, which the scripted model echoes too.
      text: expect.stringMatching(/^echo: which model answers/),
    });
    expect(sendMessage.reply.cost).toBeCloseTo((10 * SCRIPTED_VISION_COST.input + 5 * SCRIPTED_VISION_COST.output) / 1_000_000, 12);
  });

  it('refuses a model or agent OpenCode does not have (which it would accept and never answer), and sends nothing', async () => {
    const threadId = await createThread(t, 'refused model');
    const before = model.requests.length;
    for (const input of [{ model: 'scripted/no-such-model' }, { agent: 'no-such-agent' }]) {
      const refused = await t.gql(SEND, { i: { threadId, text: 'never sent', ...input } });
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    }
    const { thread } = ok(await t.gql<{ thread: { messages: { nodes: unknown[] } } }>('query($id: ID!) { thread(id: $id) { messages { nodes { id } } } }', { id: threadId }));
    expect(thread.messages.nodes).toEqual([]);
    expect(model.requests.length).toBe(before);
  });
});
