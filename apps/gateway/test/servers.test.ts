import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codes, eventually, requestCalls, startTestGateway, type TestGateway } from './harness.js';

// One gateway in front of two OpenCode servers, each an in-memory fake: every thread belongs to one
// server, is listed with it, and is sent to on it; one server away leaves the other's threads LIVE.
let web: FakeOpencode;
let ml: FakeOpencode;
let t: TestGateway;

interface ListedThread {
  id: string;
  state: string;
  server: string;
}
const LIST = 'query L($server: String) { threads(first: 50, server: $server) { nodes { id state server } } }';
const CREATE = 'mutation C($i: CreateThreadInput!) { createThread(input: $i) { id server state } }';
const SEND = 'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id } reply { text } } }';
const SERVERS = '{ system { opencodeServers { name status sessions } gateway { instanceId startedAt } } }';

const list = async (server?: string) => (await t.gql<{ threads: { nodes: ListedThread[] } }>(LIST, { server })).body.data!.threads.nodes;
const create = async (title: string, server?: string) => (await t.gql<{ createThread: ListedThread }>(CREATE, { i: { title, server } })).body.data!.createThread;
const serverStatus = async () =>
  Object.fromEntries(
    (await t.gql<{ system: { opencodeServers: Array<{ name: string; status: string }> } }>(SERVERS)).body.data!.system.opencodeServers.map((s) => [s.name, s.status]),
  );

beforeEach(async () => {
  web = createFakeOpencode();
  ml = createFakeOpencode();
  t = await startTestGateway({ servers: [{ name: 'web', port: web }, { name: 'ml', port: ml }], healthIntervalMs: 100, reply: { pollMs: 20 } });
  await eventually(async () => {
    const status = await serverStatus();
    return status.web === 'UP' && status.ml === 'UP';
  }, 5_000, 20);
});
afterEach(() => t.close());

describe('several OpenCode servers behind one gateway', () => {
  it('creates a thread on the first server unless another is named, and lists each with its server', async () => {
    const onWeb = await create('on web');
    const onMl = await create('on ml', 'ml');
    expect(onWeb.server).toBe('web');
    expect(onMl.server).toBe('ml');
    expect((await web.listSessions()).map((s) => s.id)).toEqual([onWeb.id]);
    expect((await ml.listSessions()).map((s) => s.id)).toEqual([onMl.id]);
    expect((await list()).map((thread) => [thread.id, thread.server])).toEqual(expect.arrayContaining([[onWeb.id, 'web'], [onMl.id, 'ml']]));
    expect((await list('ml')).map((thread) => thread.id)).toEqual([onMl.id]);
  });

  it('refuses an unknown server with BAD_USER_INPUT naming the field, and creates nothing', async () => {
    const created = await t.gql(CREATE, { i: { title: 'nowhere', server: 'gpu' } });
    expect(codes(created)).toEqual(['BAD_USER_INPUT']);
    expect(created.body.errors![0]!.extensions).toMatchObject({ field: 'input.server' });
    expect(codes(await t.gql(LIST, { server: 'gpu' }))).toEqual(['BAD_USER_INPUT']);
    expect([...requestCalls(web), ...requestCalls(ml)].filter((call) => call === 'session.create')).toEqual([]);
  });

  it('sends to the server that holds the thread, and reads its reply there', async () => {
    const thread = await create('echo', 'ml');
    const sent = await t.gql<{ sendMessage: { reply: { text: string } } }>(SEND, { i: { threadId: thread.id, text: 'hello ml', awaitReply: true } });
    expect(sent.body.data!.sendMessage.reply.text).toBe('echo: hello ml');
    expect(requestCalls(ml)).toContain('session.prompt_async');
    expect(requestCalls(web)).not.toContain('session.prompt_async');
  });

  it('binds a session of the second server to that server', async () => {
    const session = await ml.createSession({ title: 'made elsewhere' });
    await eventually(async () => (await list()).length === 0 && (await t.gql<{ thread: ListedThread | null }>('query T($id: ID!) { thread(id: $id) { server } }', { id: session.id })).body.data?.thread?.server === 'ml');
    const bound = await t.gql<{ bindThread: ListedThread }>('mutation B($i: BindThreadInput!) { bindThread(input: $i) { id server state } }', { i: { threadId: session.id, key: 'ml:1', source: 'api' } });
    expect(bound.body.data!.bindThread).toEqual({ id: session.id, server: 'ml', state: 'LIVE' });
  });

  it('refuses to bind a session id that both servers report, with AMBIGUOUS_THREAD', async () => {
    const session = await web.createSession({ title: 'twice' });
    // Two servers on one storage report the same sessions.
    ml.emit({ id: 'evt_twice', type: 'session.created', properties: { sessionID: session.id, info: session } });
    await eventually(async () => t.gateway.services.servers.holders(session.id).length === 2);
    const bound = await t.gql('mutation B($i: BindThreadInput!) { bindThread(input: $i) { id } }', { i: { threadId: session.id, key: 'both', source: 'api' } });
    expect(codes(bound)).toEqual(['AMBIGUOUS_THREAD']);
    expect(await list()).toEqual([]);
  });

  it("one server away: its threads are UNKNOWN and sends to it UPSTREAM_UNAVAILABLE, the other's stay LIVE and answer", async () => {
    const onWeb = await create('stays', 'web');
    const onMl = await create('goes', 'ml');
    ml.crash();
    await eventually(async () => (await serverStatus()).ml === 'DOWN');
    const threads = Object.fromEntries((await list()).map((thread) => [thread.id, thread.state]));
    expect(threads).toEqual({ [onWeb.id]: 'LIVE', [onMl.id]: 'UNKNOWN' });
    expect(await serverStatus()).toEqual({ web: 'UP', ml: 'DOWN' });
    expect(codes(await t.gql(SEND, { i: { threadId: onMl.id, text: 'anyone?' } }))).toEqual(['UPSTREAM_UNAVAILABLE']);
    const answered = await t.gql<{ sendMessage: { reply: { text: string } } }>(SEND, { i: { threadId: onWeb.id, text: 'still here', awaitReply: true } });
    expect(answered.body.data!.sendMessage.reply.text).toBe('echo: still here');
    // /readyz reads this: the gateway still has work it can do.
    expect(t.gateway.services.servers.bestStatus()).toBe('UP');
    ml.restart();
    await eventually(async () => (await list()).every((thread) => thread.state === 'LIVE'));
  });

  it("a send waiting on one server's reply is not cut off when the other server dies", async () => {
    const onWeb = await create('slow reply', 'web');
    web.scriptReplies(() => ({ delayMs: 600 }));
    const waiting = t.gql<{ sendMessage: { reply: { text: string } } }>(SEND, { i: { threadId: onWeb.id, text: 'take your time', awaitReply: true } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    ml.crash();
    const answered = await waiting;
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data!.sendMessage.reply.text).toBe('echo: take your time');
  });

  it('says which gateway instance answered', async () => {
    const { system } = (await t.gql<{ system: { gateway: { instanceId: string; startedAt: string } } }>(SERVERS)).body.data!;
    expect(system.gateway.instanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(system.gateway.startedAt)).toBeLessThanOrEqual(Date.now());
  });
});

describe('one OpenCode server', () => {
  it('is named default, and so are its threads', async () => {
    const fake = createFakeOpencode();
    const single = await startTestGateway({ opencode: fake });
    try {
      const created = await single.gql<{ createThread: ListedThread }>(CREATE, { i: { title: 'one' } });
      expect(created.body.data!.createThread.server).toBe('default');
      const { system } = (await single.gql<{ system: { opencodeServers: Array<{ name: string }> } }>(SERVERS)).body.data!;
      expect(system.opencodeServers.map((server) => server.name)).toEqual(['default']);
    } finally {
      await single.close();
    }
  });
});
