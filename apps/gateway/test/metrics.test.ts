import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { listAuditEvents } from '@otto/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { codes, createThread, eventually, ok, startTestGateway, subscribe, TOKEN, type TestGateway } from './harness.js';
import { promtoolLint, samplesOf, valueOf } from './prometheus.js';

// GET /metrics on the in-memory OpenCode: who may read it, and that each metric moves when it should.
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let fake: FakeOpencode;
let t: TestGateway;

beforeAll(async () => {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake, metricsToken: METRICS_TOKEN, timeoutMs: 300 });
});
afterAll(() => t.close());
afterEach(() => fake.restart());

async function scrapeWith(token: string | null, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  return t.gateway.metricsEndpoint.fetch('http://gateway.test/metrics', { headers, ...init }, { req: { socket: { remoteAddress: '10.0.0.9' } } });
}

async function scrape(): Promise<string> {
  const response = await scrapeWith(METRICS_TOKEN);
  expect(response.status).toBe(200);
  return response.text();
}

async function tokenWithRole(name: string, role: 'VIEWER' | 'OPERATOR' | 'ADMIN'): Promise<string> {
  const { createOperator } = ok(
    await t.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', {
      i: { name, role, password: `${name}-password-long-enough` },
    }),
  );
  const { createApiToken } = ok(
    await t.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
      i: { name: 'scraper', operatorId: createOperator.id },
    }),
  );
  return createApiToken.token;
}

describe('who may read /metrics', () => {
  it('answers 401 without a token or with a wrong one, as a coded JSON refusal', async () => {
    for (const token of [null, 'wrong-token-0123456789', 'otto_not-a-real-token']) {
      const response = await scrapeWith(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  it('serves the text format with OTTO_METRICS_TOKEN, the legacy token or an ADMIN token', async () => {
    const admin = await tokenWithRole('metrics-admin', 'ADMIN');
    for (const token of [METRICS_TOKEN, TOKEN, admin]) {
      const response = await scrapeWith(token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await response.text()).toContain('# TYPE otto_graphql_requests_total counter');
    }
  });

  it('answers 401 to a VIEWER or OPERATOR token: metrics are for admins and scrapers', async () => {
    for (const token of [await tokenWithRole('metrics-viewer', 'VIEWER'), await tokenWithRole('metrics-operator', 'OPERATOR')]) {
      const response = await scrapeWith(token);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/ADMIN/), extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  it('answers only GET', async () => {
    expect((await scrapeWith(METRICS_TOKEN, { method: 'POST' })).status).toBe(405);
  });

  it('leaves no audit row: a scrape is not a GraphQL operation', async () => {
    ok(await t.gql('{ system { version } }'));
    const rows = async () => (await listAuditEvents(t.store.db, { first: 0 })).totalCount;
    const before = await eventually(async () => (valueOf(await scrape(), 'otto_audit_rows_written_total') === (await rows()) ? rows() : null));
    await scrape();
    await scrapeWith(null);
    await scrapeWith(TOKEN);
    expect(await rows()).toBe(before);
  });
});

describe('the exposition', () => {
  it('passes promtool check metrics, with the process and Node.js metrics but no nodejs_active_*_total', async () => {
    const text = await scrape();
    expect(promtoolLint(text)).toBe('');
    const names = new Set(samplesOf(text).map((sample) => sample.name));
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(names).toContain(name);
    }
    expect([...names].filter((name) => /^nodejs_active_\w+_total$/.test(name))).toEqual([]);
  });

  it('names no thread, message or operator in any label', async () => {
    const threadId = await createThread(t, 'A private title');
    ok(await t.gql('mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', { i: { threadId, text: 'secret words', idempotencyKey: 'label-check-0001' } }));
    ok(await t.gql('query($id: ID!) { thread(id: $id) { messages(last: 5) { nodes { id } } } }', { id: threadId }));
    const text = await scrape();
    // An id begins a word; a name such as otto_response_cache_misses_total only has its letters inside one.
    for (const leak of [/\bses_/, /\bmsg_/, 'A private title', 'secret words', 'label-check', 'admin']) expect(text).not.toMatch(leak);
    const values = new Set(samplesOf(text).flatMap((sample) => Object.values(sample.labels)));
    for (const value of values) expect(value).toMatch(/^[\w/:.+-]*$/);
  });

  it('is its own per gateway: a second gateway in the same process starts from zero', async () => {
    const other = await startTestGateway({ opencode: createFakeOpencode(), metricsToken: METRICS_TOKEN, start: false });
    try {
      const response = await other.gateway.metricsEndpoint.fetch('http://gateway.test/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(valueOf(await response.text(), 'otto_graphql_requests_total', { operation_type: 'query', outcome: 'ok' })).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('each metric moves when it should', () => {
  const requests = (text: string, type: string, outcome: string) => valueOf(text, 'otto_graphql_requests_total', { operation_type: type, outcome });
  const timed = (text: string, type: string) => valueOf(text, 'otto_graphql_request_duration_seconds_count', { operation_type: type });

  it('counts GraphQL requests by operation type and outcome, and times all but subscriptions', async () => {
    const before = await scrape();
    ok(await t.gql('{ system { version } }'));
    expect(codes(await t.gql('mutation { unbindThread(threadId: "ses_missing") { id } }'))).not.toEqual([]);
    expect((await t.gql('{ system { version } }', {}, { token: null })).status).toBe(401);
    expect(codes(await t.gql('{ system { ', {}))).toEqual(['BAD_USER_INPUT']);
    const after = await scrape();
    expect(requests(after, 'query', 'ok') - requests(before, 'query', 'ok')).toBe(1);
    expect(requests(after, 'mutation', 'error') - requests(before, 'mutation', 'error')).toBe(1);
    expect(requests(after, 'unknown', 'error') - requests(before, 'unknown', 'error')).toBe(2);
    expect(timed(after, 'query') - timed(before, 'query')).toBe(1);
    expect(timed(after, 'mutation') - timed(before, 'mutation')).toBe(1);
    expect(timed(after, 'unknown') - timed(before, 'unknown')).toBe(2);
  });

  it('counts a subscription once it is answered, and holds it in otto_subscriptions_active while it is open', async () => {
    const threadId = await createThread(t, 'Watched');
    const before = await scrape();
    const sub = await subscribe(t, 'subscription($id: ID!) { threadEvents(threadId: $id) { __typename } }', { id: threadId });
    try {
      const open = await scrape();
      expect(valueOf(open, 'otto_subscriptions_active')).toBe(1);
      expect(requests(open, 'subscription', 'ok') - requests(before, 'subscription', 'ok')).toBe(1);
      expect(samplesOf(open).some((sample) => sample.name.startsWith('otto_graphql_request_duration') && sample.labels.operation_type === 'subscription')).toBe(false);
    } finally {
      await sub.close();
    }
    await eventually(async () => valueOf(await scrape(), 'otto_subscriptions_active') === 0);
  });

  it('says whether OpenCode is up, from the health monitor', async () => {
    await t.gateway.services.health.probe();
    expect(valueOf(await scrape(), 'otto_opencode_up')).toBe(1);
    fake.crash();
    await t.gateway.services.health.probe();
    expect(valueOf(await scrape(), 'otto_opencode_up')).toBe(0);
    fake.restart();
    await t.gateway.services.health.probe();
    expect(valueOf(await scrape(), 'otto_opencode_up')).toBe(1);
  });

  it('counts the sessions in the mirror', async () => {
    await eventually(async () => t.gateway.services.mirror.isLive());
    const before = valueOf(await scrape(), 'otto_mirror_sessions');
    await createThread(t, 'One more');
    await createThread(t, 'And another');
    await eventually(async () => valueOf(await scrape(), 'otto_mirror_sessions') === before + 2);
  });

  it('counts sends by outcome: delivered, replayed and failed', async () => {
    const threadId = await createThread(t, 'Sends');
    const SEND = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }';
    const sends = (text: string, outcome: string) => valueOf(text, 'otto_sends_total', { outcome });
    const before = await scrape();
    ok(await t.gql(SEND, { i: { threadId, text: 'once', idempotencyKey: 'metrics-send-0001' } }));
    ok(await t.gql(SEND, { i: { threadId, text: 'once', idempotencyKey: 'metrics-send-0001' } }));
    fake.crash();
    expect(codes(await t.gql(SEND, { i: { threadId, text: 'nobody there' } }))).toEqual(['UPSTREAM_UNAVAILABLE']);
    const after = await scrape();
    expect(sends(after, 'delivered') - sends(before, 'delivered')).toBe(1);
    expect(sends(after, 'replayed') - sends(before, 'replayed')).toBe(1);
    expect(sends(after, 'failed') - sends(before, 'failed')).toBe(1);
    expect(sends(after, 'unconfirmed')).toBe(sends(before, 'unconfirmed'));
  });

  it('counts every audit row committed', async () => {
    const rows = async () => (await listAuditEvents(t.store.db, { first: 0 })).totalCount;
    ok(await t.gql('{ system { version } }'));
    await eventually(async () => valueOf(await scrape(), 'otto_audit_rows_written_total') === (await rows()));
    expect(valueOf(await scrape(), 'otto_audit_write_failures_total')).toBe(0);
  });

  it('counts an audit row the store could not write as a failure, not as written', async () => {
    const broken = await startTestGateway({ opencode: createFakeOpencode(), metricsToken: METRICS_TOKEN });
    try {
      await broken.store.db.schema.dropTable('audit_events').execute();
      expect((await broken.gql('{ system { version } }')).status).toBe(200);
      const read = async () => (await broken.gateway.metricsEndpoint.fetch('http://gateway.test/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      const text = await read();
      expect(valueOf(text, 'otto_audit_write_failures_total')).toBe(1);
      expect(valueOf(text, 'otto_audit_rows_written_total')).toBe(0);
    } finally {
      await broken.close();
    }
  });
});
