import { createFakeOpencode } from '@otto/opencode';
import { openMemoryStore, type Store } from '@otto/store';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, TOKEN, type TestGateway } from './harness.js';

// Two gateways on one database, as behind a load balancer: a client spreading its guesses over both
// gets no more of them than from one.
const LIMITS = { freeFailures: 2, maxFailures: 6, maxDelayMs: 10 };
const CSRF = { 'x-graphql-yoga-csrf': '1', 'content-type': 'application/json' };

let store: Store;
let gateways: TestGateway[];

const start = (count: number) =>
  Promise.all(Array.from({ length: count }, () => startTestGateway({ opencode: createFakeOpencode(), store, start: false, authLimits: LIMITS, lockout: { freeFailures: 3, firstLockMs: 60_000 } })));

beforeEach(async () => {
  store = await openMemoryStore();
});
afterEach(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await store.close();
});

const withToken = (gateway: TestGateway, token: string, address: string) =>
  gateway.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ system { version } }' }) }, address);

/** The statuses of wrong tokens from one client, sent in turn to each gateway, up to the first refusal. */
async function guessUntilRefused(address: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 20 && !statuses.includes(429); i += 1) {
    statuses.push((await withToken(gateways[i % gateways.length]!, 'wrong-token-wrong-token', address)).status);
  }
  return statuses;
}

describe('wrong tokens spread over two gateways on one database', () => {
  it('are refused at the same count as on one gateway', async () => {
    gateways = await start(1);
    const alone = await guessUntilRefused('10.1.0.1');
    await Promise.all(gateways.map((gateway) => gateway.close()));

    gateways = await start(2);
    const spread = await guessUntilRefused('10.2.0.1');
    expect(alone).toEqual([...Array(LIMITS.maxFailures).fill(401), 429]);
    expect(spread).toEqual(alone);
    for (const gateway of gateways) {
      const refused = await withToken(gateway, TOKEN, '10.2.0.1');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await withToken(gateway, TOKEN, '10.2.0.2')).status).toBe(200);
    }
  });

  it('are counted with those sent to /metrics', async () => {
    gateways = await start(2);
    const [a, b] = gateways as [TestGateway, TestGateway];
    const scrape = (gateway: TestGateway) =>
      gateway.gateway.metricsEndpoint.fetch('http://gateway.test/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token' } }, { req: { socket: { remoteAddress: '10.3.0.1' } } });
    for (let i = 0; i < LIMITS.maxFailures / 2; i += 1) {
      expect((await scrape(a)).status).toBe(401);
      expect((await withToken(b, 'wrong-token-wrong-token', '10.3.0.1')).status).toBe(401);
    }
    expect((await scrape(b)).status).toBe(429);
    expect((await withToken(b, TOKEN, '10.3.0.1')).status).toBe(429);
  });
});

describe('wrong passwords spread over two gateways on one database', () => {
  const password = 'bobs-password-long-enough';
  rememberSecrets(password);
  const signIn = (gateway: TestGateway, body: Record<string, unknown>, address: string) =>
    gateway.fetch('/auth/session', { method: 'POST', headers: CSRF, body: JSON.stringify(body) }, address);

  it('lock the account for that client on both — even with the right password — and for no other client', async () => {
    gateways = await start(2);
    const [a, b] = gateways as [TestGateway, TestGateway];
    const created = await a.gql('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', { i: { name: 'bob', password, role: 'VIEWER' } });
    expect(created.body.errors).toBeUndefined();

    for (const gateway of [a, b, a]) expect((await signIn(gateway, { name: 'bob', password: 'a-wrong-password-long' }, '10.4.0.1')).status).toBe(401);
    for (const gateway of [b, a]) {
      const locked = await signIn(gateway, { name: 'bob', password }, '10.4.0.1');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await signIn(b, { name: 'bob', password }, '10.4.0.2')).status).toBe(204);
  });

  it('are forgotten on both once the right password is taken through either', async () => {
    gateways = await start(2);
    const [a, b] = gateways as [TestGateway, TestGateway];
    await a.gql('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', { i: { name: 'bob', password, role: 'VIEWER' } });
    for (const gateway of [a, b]) expect((await signIn(gateway, { name: 'bob', password: 'a-wrong-password-long' }, '10.5.0.1')).status).toBe(401);
    expect((await signIn(b, { name: 'bob', password }, '10.5.0.1')).status).toBe(204);
    // Had the two failures stayed, this third one would lock the client out.
    expect((await signIn(a, { name: 'bob', password: 'a-wrong-password-long' }, '10.5.0.1')).status).toBe(401);
    expect((await signIn(b, { name: 'bob', password }, '10.5.0.1')).status).toBe(204);
  });
});
