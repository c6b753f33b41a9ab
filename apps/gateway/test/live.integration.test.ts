import { startModelServer, startOpencode, type ModelServer, type OpencodeInstance } from '@otto/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestGateway, subscribe, type SseSubscription, type TestGateway } from './harness.js';

// Subscriptions through the real `opencode serve` and the scripted model: deltas, permissions,
// questions and an OpenCode restart, as an operator's console or a script sees them.
let model: ModelServer;
let opencode: OpencodeInstance;
let t: TestGateway;

const EVENTS = `subscription S($id: ID!) { threadEvents(threadId: $id) { __typename
  ... on MessageDelta { messageId partId kind delta }
  ... on MessageUpdated { message { id role status text parts { __typename ... on TextPart { id text } } } }
  ... on PermissionAsked { permission { id permission } }
  ... on PermissionReplied { permissionId reply }
  ... on QuestionAsked { question { id questions { question options { label } } } }
  ... on QuestionReplied { questionId rejected }
  ... on ThreadUpdated { thread { id state } } } }`;
const SEND = 'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }';
type Event = Record<string, unknown> & { __typename: string };
type Message = { id: string; role: string; status: string; text: string; parts: Array<{ __typename: string; id?: string; text?: string }> };

beforeAll(async () => {
  model = await startModelServer();
  opencode = await startOpencode({ modelUrl: model.url, permission: 'ask' });
  t = await startTestGateway({ opencodeUrl: opencode.url, password: opencode.password });
  await eventually(async () => (await t.gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).body.data?.system.opencode.status === 'UP', 30_000);
}, 90_000);

afterAll(async () => {
  await t?.close();
  await opencode?.dispose();
  await model?.close();
});

async function thread(title: string): Promise<string> {
  return (await t.gql<{ createThread: { id: string } }>('mutation C($i: CreateThreadInput!) { createThread(input: $i) { id } }', { i: { title } })).body.data!.createThread.id;
}

async function until(sub: SseSubscription<{ threadEvents: Event }>, match: (event: Event) => boolean, timeoutMs = 20_000): Promise<Event[]> {
  const events: Event[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const payload = await sub.next(deadline - Date.now());
    if (!payload?.data) throw new Error(`stream ended: ${JSON.stringify(payload)}`);
    events.push(payload.data.threadEvents);
    if (match(payload.data.threadEvents)) return events;
  }
  throw new Error('no matching event in time');
}

const finalReply = (pattern: RegExp) => (event: Event) =>
  event.__typename === 'MessageUpdated' && (event.message as Message).role === 'ASSISTANT' && (event.message as Message).status === 'COMPLETE' && pattern.test((event.message as Message).text);

describe('subscriptions through the real OpenCode', () => {
  it('streams a reply as it is written: each part\'s deltas joined are its final text, COMPLETE after the last', async () => {
    const id = await thread('streams');
    const sub = await subscribe<{ threadEvents: Event }>(t, EVENTS, { id });
    await t.gql(SEND, { i: { threadId: id, text: 'grow slowly [[stream:6x150]]' } });
    const events = await until(sub, finalReply(/^echo: grow slowly/));
    const deltas = events.filter((event) => event.__typename === 'MessageDelta' && event.kind === 'TEXT');
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    const final = events.at(-1)!.message as Message;
    for (const part of final.parts.filter((p) => p.__typename === 'TextPart')) {
      expect(deltas.filter((delta) => delta.partId === part.id).map((delta) => delta.delta).join('')).toBe(part.text);
    }
    expect(events.indexOf(events.at(-1)!)).toBeGreaterThan(events.lastIndexOf(deltas.at(-1)!));
    await sub.close();
  });

  it('shows a permission asked and answered, live', async () => {
    const id = await thread('permission');
    const sub = await subscribe<{ threadEvents: Event }>(t, EVENTS, { id });
    await t.gql(SEND, { i: { threadId: id, text: 'may I [[tool:bash echo live]]' } });
    const asked = (await until(sub, (event) => event.__typename === 'PermissionAsked')).at(-1)!.permission as { id: string; permission: string };
    expect(asked.permission).toBe('bash');
    await t.gql('mutation R($i: ReplyPermissionInput!) { replyPermission(input: $i) { id } }', { i: { threadId: id, permissionId: asked.id, reply: 'ONCE' } });
    const rest = await until(sub, finalReply(/tool done/));
    expect(rest.find((event) => event.__typename === 'PermissionReplied')).toMatchObject({ permissionId: asked.id, reply: 'ONCE' });
    await sub.close();
  });

  it('carries a question from the agent, and the answer given through replyQuestion back to the model', async () => {
    const id = await thread('question');
    const sub = await subscribe<{ threadEvents: Event }>(t, EVENTS, { id });
    await t.gql(SEND, { i: { threadId: id, text: 'choose [[question:Which colour?|Red|Blue]]' } });
    const asked = (await until(sub, (event) => event.__typename === 'QuestionAsked')).at(-1)!.question as { id: string; questions: Array<{ question: string; options: Array<{ label: string }> }> };
    expect(asked.questions[0]).toEqual({ question: 'Which colour?', options: [{ label: 'Red' }, { label: 'Blue' }] });
    const answered = await t.gql('mutation A($i: ReplyQuestionInput!) { replyQuestion(input: $i) { id } }', { i: { threadId: id, questionId: asked.id, answers: [['Blue']] } });
    expect(answered.body.errors).toBeUndefined();
    const rest = await until(sub, finalReply(/answered: Blue/));
    expect(rest.find((event) => event.__typename === 'QuestionReplied')).toMatchObject({ questionId: asked.id, rejected: false });
    await sub.close();
  });

  it('stays open while OpenCode restarts, says UNKNOWN, and goes on', async () => {
    const id = await thread('restart');
    const sub = await subscribe<{ threadEvents: Event }>(t, EVENTS, { id });
    await opencode.stop();
    await until(sub, (event) => event.__typename === 'ThreadUpdated' && (event.thread as { state: string }).state === 'UNKNOWN');
    await opencode.restart();
    await until(sub, (event) => event.__typename === 'ThreadUpdated' && (event.thread as { state: string }).state === 'LIVE', 30_000);
    await t.gql(SEND, { i: { threadId: id, text: 'after the restart' } });
    await until(sub, finalReply(/^echo: after the restart/));
    await sub.close();
  });
});
