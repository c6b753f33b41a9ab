import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGatewayProcess, startModelServer, startOpencode, type GatewayProcess, type ModelServer, type OpencodeInstance } from '@otto/testkit';
import { startPostgresServer, type PostgresServer } from '@otto/testkit/postgres-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './harness.js';
import { code, gql, heldOnce } from './processes.js';

// The scale-out: one real PostgreSQL, two gateway processes on it, two real OpenCode servers
// behind each. Threads made through either gateway on either server show on both; one key raced over
// both gateways is sent once; the first-start link either printed works through the other; a gateway killed mid-send leaves a lease another takes over; a server
// killed leaves only its own threads UNKNOWN.
const ENTRY = join(fileURLToPath(new URL('../../..', import.meta.url)), 'apps/gateway/dist/main.mjs');
const LEASE_MS = 30_000;

let postgres: PostgresServer;
let model: ModelServer;
let one: OpencodeInstance;
let two: OpencodeInstance;
let a: GatewayProcess;
let b: GatewayProcess;

const CREATE = 'mutation C($i: CreateThreadInput!) { createThread(input: $i) { id server } }';
const SEND = 'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id } reply { text } } }';
const LIST = '{ threads(first: 50) { nodes { id server state } } }';

async function threadsOn(gateway: GatewayProcess): Promise<Record<string, { server: string; state: string }>> {
  const answer = await gql<{ threads: { nodes: Array<{ id: string; server: string; state: string }> } }>(gateway, LIST);
  return Object.fromEntries(answer.data!.threads.nodes.map((thread) => [thread.id, { server: thread.server, state: thread.state }]));
}

/** The agent's turns the scripted model was asked for whose last user text holds this: one per agent run. */
function modelRuns(text: string): number {
  return model.requests.filter((request) => request.purpose === 'chat' && request.lastUserText.includes(text)).length;
}

beforeAll(async () => {
  [postgres, model] = await Promise.all([startPostgresServer(), startModelServer()]);
  [one, two] = await Promise.all([startOpencode({ modelUrl: model.url }), startOpencode({ modelUrl: model.url })]);
  const servers = JSON.stringify([
    { name: 'one', url: one.url, username: one.username, password: one.password },
    { name: 'two', url: two.url, username: two.username, password: two.password },
  ]);
  const env = { OTTO_DATABASE_URL: postgres.url, OTTO_OPENCODE_SERVERS: servers, OPENCODE_URL: '', OPENCODE_SERVER_PASSWORD: '' };
  // Started together: the migrations must run once, whichever gateway gets there first.
  [a, b] = await Promise.all([startGatewayProcess({ entry: ENTRY, env }), startGatewayProcess({ entry: ENTRY, env })]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([a?.dispose(), b?.dispose()]);
  await Promise.allSettled([one?.dispose(), two?.dispose()]);
  await Promise.allSettled([model?.close(), postgres?.stop()]);
});

describe('two gateways on one PostgreSQL, two OpenCode servers behind them', () => {
  let onOne: string;
  let onTwo: string;

  it('shows a thread made through either gateway, on either server, on both gateways with its server', async () => {
    onOne = (await gql<{ createThread: { id: string } }>(a, CREATE, { i: { title: 'made on A', server: 'one' } })).data!.createThread.id;
    onTwo = (await gql<{ createThread: { id: string } }>(b, CREATE, { i: { title: 'made on B', server: 'two' } })).data!.createThread.id;
    for (const gateway of [a, b]) {
      const threads = await eventually(async () => {
        const listed = await threadsOn(gateway);
        return listed[onOne]?.state === 'LIVE' && listed[onTwo]?.state === 'LIVE' && listed;
      }, 10_000);
      expect(threads[onOne]!.server).toBe('one');
      expect(threads[onTwo]!.server).toBe('two');
    }
    const instances = await Promise.all([a, b].map(async (gateway) => (await gql<{ system: { gateway: { instanceId: string } } }>(gateway, '{ system { gateway { instanceId } } }')).data!.system.gateway.instanceId));
    expect(new Set(instances).size).toBe(2);
  });

  it("takes the first-start link one gateway printed through the other, once", async () => {
    const secret = /\/login#setup=([\w-]+)/.exec(a.output())?.[1];
    expect(secret).toBeDefined();
    const post = (gateway: GatewayProcess, body: unknown) =>
      fetch(`${gateway.url}/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' }, body: JSON.stringify(body) });
    expect((await post(b, { setup: secret, password: 'chosen through gateway b' })).status).toBe(204);
    expect((await post(a, { setup: secret, password: 'chosen again through a' })).status).toBe(401);
    expect((await post(a, { name: 'admin', password: 'chosen through gateway b' })).status).toBe(204);
  });

  it('sends one key raced 20 ways over both gateways once: one text part, one agent run', async () => {
    const text = 'raced over two gateways';
    const input = { threadId: onTwo, text, idempotencyKey: 'scale-out-race-0001' };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => gql(i % 2 ? a : b, SEND, { i: input })));
    for (const answer of answers) expect([undefined, 'IDEMPOTENCY_IN_PROGRESS']).toContain(code(answer));
    expect(answers.some((answer) => code(answer) === undefined)).toBe(true);
    // Settled: the reply is in, and a late retry on either gateway replays rather than sends.
    await eventually(async () => (await heldOnce(two, onTwo, text)).finished >= 1 && (await gql(a, SEND, { i: input })).errors === undefined, 20_000);
    expect((await gql(b, SEND, { i: input })).errors).toBeUndefined();
    expect(await heldOnce(two, onTwo, text)).toEqual({ users: 1, textParts: 1, runs: 1, finished: 1 });
    expect(modelRuns(text)).toBe(1);
  });

  it('a gateway SIGKILLed in the middle of a keyed send: a retry through the other after the lease delivers it exactly once', async () => {
    const text = 'sent while A dies';
    const input = { threadId: onOne, text, idempotencyKey: 'scale-out-kill-0001' };
    // OpenCode stalls, so A holds the key's lease with its prompt in flight when it dies: the key stays
    // PENDING, and nobody can know whether the prompt got through.
    process.kill(one.pid()!, 'SIGSTOP');
    const dying = gql(a, SEND, { i: input }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const killedAt = Date.now();
    process.kill(a.pid()!, 'SIGKILL');
    process.kill(one.pid()!, 'SIGCONT');
    await dying;
    expect(code(await gql(b, SEND, { i: input }))).toBe('IDEMPOTENCY_IN_PROGRESS');
    const delivered = await eventually(async () => {
      const retry = await gql<{ sendMessage: { message: { id: string } } }>(b, SEND, { i: input });
      return retry.errors === undefined && retry;
    }, 2 * LEASE_MS);
    expect(Date.now() - killedAt).toBeLessThan(2 * LEASE_MS);
    expect(delivered.data!.sendMessage.message.id).toBeTruthy();
    await eventually(async () => (await heldOnce(one, onOne, text)).finished >= 1, 20_000);
    expect(await heldOnce(one, onOne, text)).toEqual({ users: 1, textParts: 1, runs: 1, finished: 1 });
    expect(modelRuns(text)).toBe(1);
    await a.restart();
  }, 90_000);

  it("OpenCode server two killed: its threads are UNKNOWN, server one's stay LIVE, on both gateways", async () => {
    await two.stop();
    for (const gateway of [a, b]) {
      const threads = await eventually(async () => {
        const listed = await threadsOn(gateway);
        return listed[onTwo]?.state === 'UNKNOWN' && listed;
      }, 15_000);
      expect(threads[onOne]).toEqual({ server: 'one', state: 'LIVE' });
      expect(threads[onTwo]).toEqual({ server: 'two', state: 'UNKNOWN' });
      const servers = await gql<{ system: { opencodeServers: Array<{ name: string; status: string }> } }>(gateway, '{ system { opencodeServers { name status } } }');
      expect(servers.data!.system.opencodeServers.map((server) => [server.name, server.status])).toEqual([
        ['one', 'UP'],
        ['two', 'DOWN'],
      ]);
    }
    expect(code(await gql(b, SEND, { i: { threadId: onTwo, text: 'anyone?' } }))).toBe('UPSTREAM_UNAVAILABLE');
  }, 60_000);
});
