import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { codes, eventually, startTestGateway, subscribe, type SseSubscription, type TestGateway } from './harness.js';

// Subscriptions over server-sent events, on the in-memory OpenCode: deltas, completeness, permissions,
// questions, slow readers, OpenCode going away, and the audit row of a subscription.
let fake: FakeOpencode;
let t: TestGateway;
let threadId: string;

const EVENTS = `subscription S($id: ID!) { threadEvents(threadId: $id) { __typename
  ... on MessageDelta { messageId partId kind delta }
  ... on MessageUpdated { message { id role status text } }
  ... on PermissionAsked { permission { id permission } }
  ... on PermissionReplied { permissionId reply }
  ... on QuestionAsked { question { id questions { question options { label } multiple custom } } }
  ... on QuestionReplied { questionId rejected }
  ... on ThreadUpdated { thread { id state activity } } } }`;
const SEND = 'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }';

type Event = { threadEvents: Record<string, unknown> & { __typename: string } };

async function start(buffer?: number) {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake, healthIntervalMs: 50, subscriptionBuffer: buffer });
  await eventually(async () => (await t.gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).body.data?.system.opencode.status === 'UP', 5_000, 10);
  threadId = (await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "live" }) { id } }')).body.data!.createThread.id;
}

/** Events until `until` matches one (that one included). */
async function collect(sub: SseSubscription<Event>, until: (event: Event['threadEvents']) => boolean, limit = 1_000) {
  const events: Array<Event['threadEvents']> = [];
  for (let i = 0; i < limit; i += 1) {
    const payload = await sub.next();
    if (!payload?.data) throw new Error(`stream ended: ${JSON.stringify(payload)}`);
    events.push(payload.data.threadEvents);
    if (until(payload.data.threadEvents)) return events;
  }
  throw new Error('too many events');
}

const completed = (event: Event['threadEvents']) =>
  event.__typename === 'MessageUpdated' && (event.message as { role: string; status: string }).role === 'ASSISTANT' && (event.message as { status: string }).status === 'COMPLETE';

describe('threadEvents', () => {
  beforeEach(() => start());
  afterEach(() => t.close());

  it('streams a reply: its deltas joined are the final text, and COMPLETE comes after the last one', async () => {
    fake.scriptReplies(() => ({ text: 'one two three four five', chunks: 5, delayMs: 50 }));
    const sub = await subscribe<Event>(t, EVENTS, { id: threadId });
    expect(sub.response.headers.get('content-type')).toContain('text/event-stream');
    expect(sub.response.headers.get('x-accel-buffering')).toBe('no');
    await t.gql(SEND, { i: { threadId, text: 'count' } });
    const events = await collect(sub, completed);
    const deltas = events.filter((event) => event.__typename === 'MessageDelta');
    expect(deltas.length).toBeGreaterThanOrEqual(5);
    expect(deltas.map((event) => event.delta).join('')).toBe('one two three four five');
    const final = events.at(-1)!.message as { text: string };
    expect(final.text).toBe('one two three four five');
    expect(events.findIndex(completed)).toBeGreaterThan(events.lastIndexOf(deltas.at(-1)!));
    await sub.close();
  });

  it('shows a permission asked and answered, live', async () => {
    fake.scriptReplies(() => ({ bash: 'ls' }));
    const sub = await subscribe<Event>(t, EVENTS, { id: threadId });
    await t.gql(SEND, { i: { threadId, text: 'list' } });
    const asked = (await collect(sub, (event) => event.__typename === 'PermissionAsked')).at(-1)!.permission as { id: string; permission: string };
    expect(asked.permission).toBe('bash');
    await t.gql('mutation R($i: ReplyPermissionInput!) { replyPermission(input: $i) { id } }', { i: { threadId, permissionId: asked.id, reply: 'ONCE' } });
    const replied = (await collect(sub, (event) => event.__typename === 'PermissionReplied')).at(-1);
    expect(replied).toMatchObject({ permissionId: asked.id, reply: 'ONCE' });
    await sub.close();
  });

  it('asks the operator a question and takes the answer', async () => {
    fake.scriptReplies(() => ({ question: { question: 'Which colour?', options: [{ label: 'red' }, { label: 'blue' }] } }));
    const sub = await subscribe<Event>(t, EVENTS, { id: threadId });
    await t.gql(SEND, { i: { threadId, text: 'ask me' } });
    const asked = (await collect(sub, (event) => event.__typename === 'QuestionAsked')).at(-1)!.question as { id: string; questions: unknown[] };
    expect(asked.questions).toEqual([{ question: 'Which colour?', options: [{ label: 'red' }, { label: 'blue' }], multiple: false, custom: true }]);
    const listed = await t.gql<{ thread: { questions: Array<{ id: string }> } }>('query Q($id: ID!) { thread(id: $id) { questions { id } } }', { id: threadId });
    expect(listed.body.data!.thread.questions.map((question) => question.id)).toEqual([asked.id]);
    const answered = await t.gql('mutation A($i: ReplyQuestionInput!) { replyQuestion(input: $i) { id } }', { i: { threadId, questionId: asked.id, answers: [['blue']] } });
    expect(answered.body.errors).toBeUndefined();
    const rest = await collect(sub, (event) => completed(event) && /answered/.test((event.message as { text: string }).text));
    expect(rest.find((event) => event.__typename === 'QuestionReplied')).toMatchObject({ questionId: asked.id, rejected: false });
    expect((rest.at(-1)!.message as { text: string }).text).toContain('blue');
    await sub.close();
    const rows = await t.store.db.selectFrom('audit_events').select(['action', 'thread_id']).where('action', '=', 'question.reply').execute();
    expect(rows).toEqual([{ action: 'question.reply', thread_id: threadId }]);
  });

  it('refuses an unknown thread with NOT_FOUND before any event, and a caller without a token', async () => {
    const unknown = await subscribe<Event>(t, EVENTS, { id: 'ses_doesnotexist00000000' });
    expect(codes({ status: 200, headers: unknown.response.headers, body: (await unknown.next()) ?? {} })).toEqual(['NOT_FOUND']);
    const anonymous = await t.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: EVENTS, variables: { id: threadId } }) });
    expect(anonymous.status).toBe(401);
  });

  it('stays open while OpenCode is away, says so, and goes on when it is back', async () => {
    const sub = await subscribe<Event>(t, EVENTS, { id: threadId });
    fake.crash();
    const away = (await collect(sub, (event) => event.__typename === 'ThreadUpdated' && (event.thread as { state: string }).state === 'UNKNOWN')).at(-1);
    expect(away).toBeDefined();
    fake.restart();
    t.gateway.services.servers.first.mirror.nudge();
    await collect(sub, (event) => event.__typename === 'ThreadUpdated' && (event.thread as { state: string }).state === 'LIVE');
    await t.gql(SEND, { i: { threadId, text: 'still there?' } });
    const after = await collect(sub, completed);
    expect((after.at(-1)!.message as { text: string }).text).toBe('echo: still there?');
    await sub.close();
  });

  it('executes each event once for all the subscribers asking the same thing', async () => {
    const subs = await Promise.all([1, 2, 3].map(() => subscribe<Event>(t, EVENTS, { id: threadId })));
    const resolve = vi.spyOn(t.gateway.services.live, 'resolve');
    await t.gql('mutation B($i: BindThreadInput!) { bindThread(input: $i) { id } }', { i: { threadId, key: 'shared:1', source: 'api' } });
    for (const sub of subs) expect((await collect(sub, (event) => event.__typename === 'ThreadUpdated')).length).toBeGreaterThan(0);
    expect(resolve).toHaveBeenCalledTimes(1);
    resolve.mockRestore();
    await Promise.all(subs.map((sub) => sub.close()));
  });

  it('writes one audit row per subscription, when it ends, with how long it was open', async () => {
    const sub = await subscribe<Event>(t, EVENTS, { id: threadId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sub.close();
    const row = await eventually(() => t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'thread.subscribe').executeTakeFirst(), 2_000, 20);
    expect(row).toMatchObject({ thread_id: threadId, outcome: 'OK', actor: 'admin (token: legacy)' });
    expect(row.duration_ms).toBeGreaterThanOrEqual(250);
  });
});

describe('a subscriber that falls behind', () => {
  beforeEach(() => start(4));
  afterEach(() => t.close());

  it('gets the whole message instead of the deltas it missed, and never more than its buffer', async () => {
    // More than the transport buffers for a reader that does not read (~16 KB), so the gateway's own queue fills.
    const text = Array.from({ length: 400 }, (_, i) => `word-${i} `).join('');
    fake.scriptReplies(() => ({ text, chunks: 400, delayMs: 200 }));
    const sub = await subscribe<Event>(t, EVENTS, { id: threadId });
    await t.gql(SEND, { i: { threadId, text: 'many' } });
    // Read nothing while the reply streams.
    await eventually(async () => (await t.gql<{ thread: { activity: string } }>('query Q($id: ID!) { thread(id: $id) { activity } }', { id: threadId })).body.data?.thread.activity === 'IDLE', 5_000, 20);
    const events = await collect(sub, completed);
    // The deltas it missed were folded into the whole message, and the last picture of the reply is whole.
    expect(events.filter((event) => event.__typename === 'MessageDelta').length).toBeLessThan(400);
    expect((events.at(-1)!.message as { text: string }).text).toBe(text);
    await sub.close();
  });
});

describe('threadChanged', () => {
  beforeEach(() => start());
  afterEach(() => t.close());

  it('tells of a thread created, and of one that changed activity', async () => {
    const sub = await subscribe<{ threadChanged: { id: string; activity: string } }>(t, 'subscription { threadChanged { id activity } }');
    const created = (await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "watched" }) { id } }')).body.data!.createThread.id;
    const seen: string[] = [];
    while (!seen.includes(created)) seen.push((await sub.next())!.data!.threadChanged.id);
    await sub.close();
    const row = await eventually(() => t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'thread.watch').executeTakeFirst(), 2_000, 20);
    expect(row.outcome).toBe('OK');
  });
});
