import { readFileSync } from 'node:fs';
import { createFakeOpencode } from '@otto/opencode';
import { getIntrospectionQuery } from 'graphql';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/limits.js';
import { printSortedSchema } from '../src/schema.js';
import { codes, startTestGateway, TOKEN, type TestGateway } from './harness.js';

// These tests need no OpenCode: the gateway talks to the in-memory fake, crashed, so every upstream
// call is refused at once — and the fake records any call that would have reached OpenCode.
let t: TestGateway;
const SEND = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }';

beforeAll(async () => {
  const fake = createFakeOpencode();
  fake.crash();
  t = await startTestGateway({ opencode: fake, start: false });
});
afterAll(() => t.close());

const auditRows = () => t.store.db.selectFrom('audit_events').selectAll().orderBy('id').execute();

describe('schema.graphql', () => {
  it('is the schema printed from the builder (run `npm run schema:print` after changing it)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../schema.graphql', import.meta.url)), 'utf8');
    expect(committed).toBe(printSortedSchema());
  });
});

describe('auth', () => {
  it('refuses a missing or wrong token with 401 UNAUTHENTICATED, and audits both', async () => {
    const before = (await auditRows()).length;
    const missing = await t.gql('{ system { version } }', {}, { token: null });
    expect(missing.status).toBe(401);
    expect(codes(missing)).toEqual(['UNAUTHENTICATED']);
    const wrong = await t.gql('{ system { version } }', {}, { token: 'not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    const rows = (await auditRows()).slice(before);
    expect(rows.map((r) => [r.actor, r.outcome, r.error_code])).toEqual([
      ['anonymous', 'ERROR', 'UNAUTHENTICATED'],
      ['anonymous', 'ERROR', 'UNAUTHENTICATED'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('not-the-token-at-all');
  });

  it('slows down and then refuses repeated failures from one address with RATE_LIMITED', async () => {
    const limited = await startTestGateway({ opencode: createFakeOpencode(), start: false });
    try {
      const attempt = () => limited.gql('{ system { version } }', {}, { token: 'wrong-token-wrong-token', address: '10.9.8.7' });
      const started = performance.now();
      for (let i = 0; i < 6; i += 1) expect((await attempt()).status).toBe(401);
      // The sixth failure is past the five free ones, so it was held back.
      expect(performance.now() - started).toBeGreaterThanOrEqual(240);
      const other = await limited.gql('{ system { version } }', {}, { address: '10.1.1.1' });
      expect(other.status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers a request with the right token and records the operator as actor', async () => {
    const result = await t.gql('query Version { system { version database } }');
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ system: { version: 'test', database: 'sqlite::memory:' } });
    const last = (await auditRows()).at(-1);
    expect(last).toMatchObject({ actor: 'admin (token: legacy)', action: 'system.read', operation_name: 'Version', outcome: 'OK' });
    expect(result.headers.get('x-request-id')).toBe(last?.request_id);
  });
});

describe('console sessions', () => {
  const session = (method: string, body?: unknown, cookie?: string) =>
    t.gateway.yoga.fetch('http://gateway.test/auth/session', {
      method,
      headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('exchanges the token once for an HttpOnly, SameSite=Strict cookie that authenticates GraphQL', async () => {
    const wrong = await session('POST', { token: 'definitely-not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const signedIn = await session('POST', { token: TOKEN });
    expect(signedIn.status).toBe(204);
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^otto_session=[\w-]{20,}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0]!;
    expect(setCookie).not.toContain(TOKEN);

    const viaCookie = await t.gql('{ system { version } }', {}, { token: null, headers: { cookie, 'x-graphql-yoga-csrf': '1' } });
    expect(viaCookie.status).toBe(200);
    expect((await session('GET', undefined, cookie)).status).toBe(200);
    const rows = await auditRows();
    expect(rows.at(-1)).toMatchObject({ actor: 'admin', action: 'system.read', outcome: 'OK' });
    expect(rows.map((r) => [r.action, r.outcome]).slice(-3, -1)).toEqual([
      ['auth.sign_in', 'ERROR'],
      ['auth.sign_in', 'OK'],
    ]);

    const signedOut = await session('DELETE', undefined, cookie);
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.get('set-cookie')).toMatch(/^otto_session=; Max-Age=0/);
    expect((await t.gql('{ system { version } }', {}, { token: null, headers: { cookie } })).status).toBe(401);
    expect((await session('GET', undefined, cookie)).status).toBe(401);
  });

  it('needs the CSRF header for a cookie-authenticated GET', async () => {
    const cookie = ((await session('POST', { token: TOKEN })).headers.get('set-cookie') ?? '').split(';')[0]!;
    const url = `http://gateway.test/graphql?query=${encodeURIComponent('{ system { version } }')}`;
    const bare = await t.gateway.yoga.fetch(url, { headers: { cookie, accept: 'application/json' } });
    expect(bare.status).toBe(403);
    const withHeader = await t.gateway.yoga.fetch(url, { headers: { cookie, accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(withHeader.status).toBe(200);
  });
});

describe('CSRF prevention', () => {
  const get = (headers: Record<string, string>) =>
    t.gateway.yoga.fetch(`http://gateway.test/graphql?query=${encodeURIComponent('{ system { version } }')}`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json', ...headers },
    });

  it('refuses a simple (non-preflighted) request without the CSRF header as FORBIDDEN', async () => {
    const response = await get({});
    expect(response.status).toBe(403);
    expect((await response.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    const formPost = await t.gateway.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7Bsystem%7Bversion%7D%7D',
    });
    expect(formPost.status).toBe(403);
  });

  it('lets it through with the header, and JSON posts need none', async () => {
    expect((await get({ 'x-graphql-yoga-csrf': '1' })).status).toBe(200);
    expect((await t.gql('{ system { version } }')).status).toBe(200);
  });
});

describe('rejected operations', () => {
  it.each([
    ['a parse error', '{ threads { '],
    ['an unknown field', '{ threads { nope } }'],
    ['a query deeper than the limit', `{ __schema { types { fields { type ${'{ ofType '.repeat(LIMITS.queryMaxDepth)}{ name }${' }'.repeat(LIMITS.queryMaxDepth)} } } } }`],
    ['too many aliases', `{ ${Array.from({ length: LIMITS.queryMaxAliases + 1 }, (_, i) => `a${i}: system { version }`).join(' ')} }`],
  ])('answers %s with BAD_USER_INPUT and audits it', async (_name, query) => {
    const result = await t.gql(query);
    expect(codes(result).length).toBeGreaterThan(0);
    expect(new Set(codes(result))).toEqual(new Set(['BAD_USER_INPUT']));
    const last = (await auditRows()).at(-1);
    expect(last).toMatchObject({ outcome: 'ERROR', error_code: 'BAD_USER_INPUT' });
  });
});

describe('introspection', () => {
  it('is allowed to GraphiQL, within the depth limit', async () => {
    const result = await t.gql(getIntrospectionQuery());
    expect(result.body.errors).toBeUndefined();
  });
});

describe('bad input sends nothing to OpenCode', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['empty text', SEND, { input: { threadId: 'ses_abc', text: '' } }],
    ['blank text', SEND, { input: { threadId: 'ses_abc', text: ' \n\t ' } }],
    ['text over the limit', SEND, { input: { threadId: 'ses_abc', text: 'x'.repeat(LIMITS.messageTextMaxChars + 1) } }],
    ['a malformed thread id', SEND, { input: { threadId: '../etc/passwd', text: 'hi' } }],
    ['a malformed idempotency key', SEND, { input: { threadId: 'ses_abc', text: 'hi', idempotencyKey: 'short' } }],
    ['a malformed model', SEND, { input: { threadId: 'ses_abc', text: 'hi', model: 'no-slash' } }],
    ['a malformed permission id', 'mutation R($input: ReplyPermissionInput!) { replyPermission(input: $input) { id } }', { input: { threadId: 'ses_abc', permissionId: 'nope', reply: 'ONCE' } }],
    ['an empty title', 'mutation C($input: CreateThreadInput!) { createThread(input: $input) { id } }', { input: { title: '   ' } }],
    ['a bad source', 'mutation C($input: CreateThreadInput!) { createThread(input: $input) { id } }', { input: { title: 'ok', source: 'Not Valid!' } }],
    ['first over the maximum', 'query Q($first: Int) { threads(first: $first) { totalCount } }', { first: LIMITS.threadsPageMax + 1 }],
    ['a cursor we never issued', 'query Q($after: String) { threads(after: $after) { totalCount } }', { after: 'bm9wZQ' }],
    ['audit page over the maximum', 'query Q($first: Int) { auditEvents(first: $first) { totalCount } }', { first: LIMITS.auditPageMax + 1 }],
    ['a malformed thread id to read', 'query Q($id: ID!) { thread(id: $id) { id } }', { id: 'x y' }],
  ];

  it.each(cases)('%s → BAD_USER_INPUT', async (_name, query, variables) => {
    t.calls.length = 0;
    const result = await t.gql(query, variables);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toMatch(/must|cursor|pages|enum/);
    expect(t.calls).toEqual([]);
  });
});

describe('OpenCode unreachable', () => {
  it('maps a send to UPSTREAM_UNAVAILABLE without a stack trace', async () => {
    const result = await t.gql(SEND, { input: { threadId: 'ses_abc', text: 'hello there' } });
    expect(codes(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(JSON.stringify(result.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('never writes message text into the audit log', async () => {
    await t.gql(SEND, { input: { threadId: 'ses_abc', text: 'TOP-SECRET-MESSAGE-TEXT' } });
    const rows = await auditRows();
    expect(rows.at(-1)).toMatchObject({ action: 'message.send', thread_id: 'ses_abc', outcome: 'ERROR' });
    expect(JSON.stringify(rows)).not.toContain('TOP-SECRET-MESSAGE-TEXT');
  });
});
