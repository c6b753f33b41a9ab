import type { GatewayProcess, ModelServer, OpencodeInstance } from '@otto/testkit';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './harness.js';
import { code, gql, heldOnce, startSqlitePair, type SqlitePair } from './processes.js';

// Several gateways on one machine may share one SQLite file (WAL) instead of a PostgreSQL server. Two
// gateway processes started together on a new file, one real OpenCode behind them: they migrate the
// file once, one key raced over both is sent once, and wrong passwords spread over both lock as on one.
let model: ModelServer;
let opencode: OpencodeInstance;
let a: GatewayProcess;
let b: GatewayProcess;
let pair: SqlitePair;
const SEND = 'mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }';

beforeAll(async () => {
  // Started together on a new file: a second run of a migration would end its gateway at start.
  pair = await startSqlitePair({ together: true });
  ({ model, opencode, a, b } = pair);
}, 120_000);

afterAll(() => pair?.close());

describe('two gateways on one SQLite file', () => {
  it('send one key raced 20 ways over both once: one text part, one agent run', async () => {
    const threadId = (await gql<{ createThread: { id: string } }>(a, 'mutation { createThread(input: { title: "shared file" }) { id } }')).data!.createThread.id;
    const text = 'raced over one file';
    const input = { threadId, text, idempotencyKey: 'shared-sqlite-race-0001' };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => gql<{ sendMessage: { message: { id: string } } }>(i % 2 ? a : b, SEND, { i: input })));
    for (const answer of answers) expect([undefined, 'IDEMPOTENCY_IN_PROGRESS']).toContain(code(answer));
    const ids = new Set(answers.flatMap((answer) => (answer.data ? [answer.data.sendMessage.message.id] : [])));
    expect(ids.size).toBe(1);
    await eventually(async () => {
      const now = await heldOnce(opencode, threadId, text);
      return now.runs >= 1 && now.finished === now.runs;
    }, 30_000);
    // Late retries through either gateway replay it.
    for (const gateway of [a, b]) expect((await gql<{ sendMessage: { message: { id: string } } }>(gateway, SEND, { i: input })).data?.sendMessage.message.id).toBe([...ids][0]);
    expect(await heldOnce(opencode, threadId, text)).toMatchObject({ users: 1, textParts: 1, runs: 1 });
    expect(model.requests.filter((request) => request.purpose === 'chat' && request.lastUserText.includes(text))).toHaveLength(1);
  });

  it('lock a client out of an account after wrong passwords spread over both, on both', async () => {
    const password = 'shared-file-password-long';
    rememberSecrets(password);
    const created = await gql(a, 'mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', { i: { name: 'spread', password, role: 'VIEWER' } });
    expect(created.errors).toBeUndefined();
    const signIn = (gateway: GatewayProcess, attempt: string) =>
      fetch(`${gateway.url}/auth/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
        body: JSON.stringify({ name: 'spread', password: attempt }),
        signal: AbortSignal.timeout(60_000),
      });
    // The default lockout: five wrong passwords from one client, then even the right one waits.
    for (const gateway of [a, b, a, b, a]) expect((await signIn(gateway, 'a-wrong-password-long')).status).toBe(401);
    for (const gateway of [b, a]) expect((await signIn(gateway, password)).status).toBe(429);
  });
});
