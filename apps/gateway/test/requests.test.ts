import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { parse, print, visit, Kind, type SelectionSetNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { httpHandler } from '../src/server.js';
import { codes, createThread, requestCalls, startTestGateway, TOKEN, type TestGateway } from './harness.js';

// Hostile and malformed requests, each a defect an outside hardening run found. No OpenCode is
// needed: the in-memory fake stands in and records every call that would have reached it.
let fake: FakeOpencode;
let t: TestGateway;
const logLines: string[] = [];
const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });

beforeAll(async () => {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake, logger, authLimits: { freeFailures: 2, maxFailures: 4, maxDelayMs: 20 } });
});
afterAll(() => t.close());

const auditRows = () => t.store.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('operationName that is not a string (defect 3)', () => {
  it.each([[false], [{}], [[]], [42]])('refuses %j with BAD_REQUEST and still writes the audit row', async (operationName) => {
    const before = (await auditRows()).length;
    const result = await t.gql('query Q { system { version } }', {}, { operationName });
    expect(result.status).toBe(400);
    expect(codes(result)).toEqual(['BAD_REQUEST']);
    const rows = (await auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'ERROR', error_code: 'BAD_REQUEST', operation_name: null });
  });

  it('never costs the rows of the requests answered beside it', async () => {
    const before = (await auditRows()).length;
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, i) => t.gql('query Q { system { version } }', {}, i === 40 ? { operationName: {} } : { operationName: 'Q' })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(79);
    expect((await auditRows()).length - before).toBe(80);
  });
});

describe('CORS (defect 4)', () => {
  it('answers a foreign origin with no CORS headers at all, by default', async () => {
    const preflight = await t.fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await t.fetch('/graphql', json({ query: '{ system { version } }' }, { origin: 'https://evil.example' }));
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers exactly the configured origins, with credentials, and no other', async () => {
    const allowed = await startTestGateway({ opencode: createFakeOpencode(), corsOrigins: ['https://ops.example.com'] });
    try {
      const ok = await allowed.fetch('/graphql', json({ query: '{ system { version } }' }, { origin: 'https://ops.example.com' }));
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
      expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
      for (const origin of ['https://ops.example.com.evil.example', 'https://evil.example', 'null']) {
        const other = await allowed.fetch('/graphql', json({ query: '{ system { version } }' }, { origin }));
        expect(other.headers.get('access-control-allow-origin')).toBeNull();
      }
    } finally {
      await allowed.close();
    }
  });

  it('refuses a cookie-authenticated request without the CSRF header with 403, whatever its content type', async () => {
    const signIn = await t.fetch('/auth/session', json({ token: TOKEN }, { 'x-graphql-yoga-csrf': '1' }));
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (const contentType of ['application/json', 'text/plain', 'application/graphql-response+json']) {
      const response = await t.fetch('/graphql', { method: 'POST', headers: { cookie, 'content-type': contentType }, body: JSON.stringify({ query: '{ system { version } }' }) });
      expect(response.status).toBe(403);
      expect((await response.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const withHeader = await t.fetch('/graphql', { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' }, body: JSON.stringify({ query: '{ system { version } }' }) });
    expect(withHeader.status).toBe(200);
    const signOutWithout = await t.fetch('/auth/session', { method: 'DELETE', headers: { cookie } });
    expect(signOutWithout.status).toBe(403);
  });

  it('leaves bearer-token requests as they were', async () => {
    expect((await t.fetch('/graphql', json({ query: '{ system { version } }' }))).status).toBe(200);
  });
});

describe('wrong-typed variables (defect 5)', () => {
  const SEND = 'mutation S($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }';
  const REPLY = 'mutation R($input: ReplyPermissionInput!) { replyPermission(input: $input) { id } }';
  const THREADS = 'query T($first: Int) { threads(first: $first) { totalCount } }';
  const SECRET = 'SECRET-VARIABLE-VALUE-7d1f';

  it.each([
    ['text as an array', SEND, { input: { threadId: 'ses_abc', text: [SECRET] } }, 'input.text'],
    ['text as a number', SEND, { input: { threadId: 'ses_abc', text: 4242424242 } }, 'input.text'],
    ['text as an object', SEND, { input: { threadId: 'ses_abc', text: { secret: SECRET } } }, 'input.text'],
    ['a reply in lower case', REPLY, { input: { threadId: 'ses_abc', permissionId: 'per_abc', reply: 'once' } }, 'input.reply'],
    ['an unknown input field', SEND, { input: { threadId: 'ses_abc', text: 'hi', [`x${SECRET}`]: SECRET } }, 'input'],
    ['first: 1e15', THREADS, { first: 1e15 }, 'first'],
    ['first: "10"', THREADS, { first: '10' }, 'first'],
  ])('%s → BAD_USER_INPUT naming the path, and no log line holds the value', async (_name, query, variables, field) => {
    logLines.length = 0;
    fake.calls.length = 0;
    const result = await t.gql(query, variables);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.extensions?.field).toBe(field);
    expect(result.body.errors?.[0]?.message).toContain(`"${field}"`);
    expect(JSON.stringify(result.body)).not.toContain(SECRET);
    expect(JSON.stringify(result.body)).not.toContain('4242424242');
    expect(logLines.join('\n')).not.toContain(SECRET);
    expect(logLines.join('\n')).not.toContain('4242424242');
    expect(requestCalls(fake)).toEqual([]);
  });

  it('answers invalid variables JSON on a GET or a form post with BAD_REQUEST and logs nothing of it', async () => {
    logLines.length = 0;
    const query = encodeURIComponent('query T($first: Int) { threads(first: $first) { totalCount } }');
    const get = await t.fetch(`/graphql?query=${query}&variables=${encodeURIComponent(`{"first": ${SECRET}`)}`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json', 'x-graphql-yoga-csrf': '1' },
    });
    expect(get.status).toBe(400);
    expect((await get.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    const form = await t.fetch('/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded', 'x-graphql-yoga-csrf': '1' },
      body: `query=${query}&variables=${encodeURIComponent(`[${SECRET}`)}`,
    });
    expect(form.status).toBe(400);
    const body = await form.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body).not.toContain(SECRET);
    expect(logLines.join('\n')).not.toContain(SECRET);
  });
});

describe('invalid and oversized bodies (defect 6)', () => {
  it('answers invalid JSON with a short BAD_REQUEST that echoes nothing', async () => {
    const junk = `{"query": "${'x'.repeat(200_000)}`;
    const response = await t.fetch('/graphql', json(junk));
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body.length).toBeLessThan(1_000);
  });

  it('refuses a body over the limit with 413 before parsing it, and audits it', async () => {
    const before = (await auditRows()).length;
    const response = await t.fetch('/graphql', json(`{"query": "${'x'.repeat(1_100_000)}"}`));
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await auditRows()).slice(before)).toMatchObject([{ outcome: 'ERROR', error_code: 'BAD_REQUEST' }]);
  });

  it('refuses a chunked body once it passes the limit, over a real socket', async () => {
    const server: Server = createServer(httpHandler(t.gateway, '/nonexistent'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest({ port, host: '127.0.0.1', path: '/graphql', method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        // No Content-Length: Node sends it chunked.
        const chunk = 'x'.repeat(64 * 1024);
        const writeMore = (left: number) => {
          if (left === 0 || request.destroyed) return request.end();
          if (request.write(chunk)) setImmediate(() => writeMore(left - 1));
          else request.once('drain', () => writeMore(left - 1));
        };
        writeMore(40);
      });
      expect(status).toBe(413);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** What urql adds to every selection set, so the limits are checked with the console's real documents. */
function withTypename(source: string): string {
  return print(
    visit(parse(source), {
      SelectionSet: (node: SelectionSetNode) =>
        node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')
          ? undefined
          : { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] },
    }),
  );
}

describe('cost and alias limits (defect 8)', () => {
  it('lets every list field be asked at its documented maximum with a console page\'s fields', async () => {
    const id = await createThread(t, 'Limits');
    const threadFields = 'id title state activity updatedAt createdAt binding { key source boundAt lastSeenAt } usage { cost tokens { input output reasoning cacheRead cacheWrite } }';
    const messageFields = `id threadId role status text createdAt completedAt parentId agent cost error { name message } model { providerId modelId }
      tokens { input output reasoning cacheRead cacheWrite }
      parts { ... on TextPart { id text } ... on ReasoningPart { id text } ... on ToolPart { id callId name status title input output error }
        ... on FilePart { id mime filename url } ... on PatchPart { id hash files } ... on StepPart { id phase reason cost tokens { input output } } }`;
    const queries = [
      `query { threads(first: 100, includeUnbound: true) { totalCount pageInfo { hasNextPage endCursor } nodes { ${threadFields} } } system { version database opencode { status latencyMs version lastError lastSuccessAt lastCheckAt } } }`,
      `query ($id: ID!) { thread(id: $id) { ${threadFields} permissions { id threadId permission patterns metadata messageId toolCallId } messages(last: 100) { hasOlder olderCursor nodes { ${messageFields} } } } }`,
      `query { auditEvents(first: 200) { totalCount pageInfo { hasNextPage endCursor } nodes { id at actor action actions operationName threadId outcome errorCode durationMs requestId clientAddress userAgent } } }`,
    ];
    for (const query of queries) {
      const result = await t.gql(withTypename(query), { id });
      expect(result.body.errors).toBeUndefined();
    }
  });

  it('counts every selected field, __typename included', async () => {
    const typenames = Array.from({ length: 150 }, () => '__typename').join(' ');
    const result = await t.gql(`{ auditEvents(first: 200) { nodes { id ${typenames} } } }`);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toMatch(/costs more than/);
  });

  it('refuses 600 aliased __typename', async () => {
    const aliases = Array.from({ length: 600 }, (_, i) => `t${i}: __typename`).join(' ');
    const result = await t.gql(`{ ${aliases} }`);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toMatch(/Aliases limit/);
  });
});

describe('wrong tokens (defect 9)', () => {
  const attempt = (gateway: TestGateway, token: string, address: string, headers: Record<string, string> = {}) =>
    gateway.fetch('/graphql', json({ query: '{ system { version } }' }, { authorization: `Bearer ${token}`, ...headers }), address);

  it('refuses a client after its own failures, with Retry-After, and never another client with the right token', async () => {
    for (let i = 0; i < 4; i += 1) expect((await attempt(t, 'wrong-token-wrong-token', '10.9.8.7')).status).toBe(401);
    const limited = await attempt(t, 'wrong-token-wrong-token', '10.9.8.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringMatching(/try again in \d+ min/) });
    expect((await attempt(t, TOKEN, '10.1.1.1')).status).toBe(200);
  });

  it('keeps a signed-in console working at an address that is refused for wrong tokens', async () => {
    const signIn = await t.fetch('/auth/session', json({ token: TOKEN }, { 'x-graphql-yoga-csrf': '1' }), '10.5.5.5');
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (let i = 0; i < 5; i += 1) await attempt(t, 'wrong-token-wrong-token', '10.5.5.5');
    expect((await attempt(t, 'wrong-token-wrong-token', '10.5.5.5')).status).toBe(429);
    const console = await t.fetch('/graphql', { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' }, body: JSON.stringify({ query: '{ system { version } }' }) }, '10.5.5.5');
    expect(console.status).toBe(200);
  });

  it('tells clients behind a trusted proxy apart by X-Forwarded-For, and ignores the header from anyone else', async () => {
    const proxied = await startTestGateway({ opencode: createFakeOpencode(), trustProxy: ['10.0.0.2'], authLimits: { freeFailures: 1, maxFailures: 3, maxDelayMs: 10 } });
    try {
      const viaProxy = (token: string, client: string) => attempt(proxied, token, '10.0.0.2', { 'x-forwarded-for': client });
      for (let i = 0; i < 3; i += 1) await viaProxy('wrong-token-wrong-token', '203.0.113.5');
      expect((await viaProxy('wrong-token-wrong-token', '203.0.113.5')).status).toBe(429);
      expect((await viaProxy(TOKEN, '203.0.113.9')).status).toBe(200);
      // A client that is not the proxy cannot pick its address by sending the header itself.
      for (let i = 0; i < 3; i += 1) await attempt(proxied, 'wrong-token-wrong-token', '198.51.100.7', { 'x-forwarded-for': `192.0.2.${i}` });
      expect((await attempt(proxied, 'wrong-token-wrong-token', '198.51.100.7', { 'x-forwarded-for': '192.0.2.99' })).status).toBe(429);
    } finally {
      await proxied.close();
    }
  });
});
