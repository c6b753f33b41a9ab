import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { httpHandler } from '../src/server.js';
import { requestCalls, startTestGateway, TOKEN, type TestGateway } from './harness.js';

// A thousand and more hostile requests over a real socket, as an outside hardening run sends them.
// Every answer must be a coded error, none may reach OpenCode (the fake records every call), none
// may be large, and no log line may repeat a value the requests carried.
let fake: FakeOpencode;
let t: TestGateway;
let server: Server;
let base: string;
const logLines: string[] = [];
const MARK = 'HOSTILE-MARKER-5c2e';

beforeAll(async () => {
  fake = createFakeOpencode();
  // Not started: no mirror or health probe, so any call the fake records came from a request.
  t = await startTestGateway({
    opencode: fake,
    start: false,
    logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }),
    // The lockout's delays are tested elsewhere; here they would only make the run long.
    authLimits: { maxDelayMs: 5 },
  });
  server = createServer(httpHandler(t.gateway, '/nonexistent'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

interface Hostile {
  kind: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const post = (kind: string, body: unknown, headers: Record<string, string> = auth): Hostile => ({
  kind,
  method: 'POST',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const SEND = 'mutation S($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }';
const CREATE = 'mutation C($input: CreateThreadInput!) { createThread(input: $input) { id } }';
const REPLY = 'mutation R($input: ReplyPermissionInput!) { replyPermission(input: $input) { id } }';
const INJECTIONS = [
  `ses_'; DROP TABLE audit_events; --${MARK}`,
  `../../../etc/passwd${MARK}`,
  `ses_abc\u0000${MARK}`,
  `<script>alert('${MARK}')</script>`,
  `<img src=x onerror=alert(1)>${MARK}`,
  `{{constructor.constructor('return process')()}}${MARK}`,
  `\${7*7}${MARK}`,
  `ses_${'A'.repeat(500)}${MARK}`,
];

function hostileRequests(): Hostile[] {
  const requests: Hostile[] = [];
  for (let i = 0; i < 40; i += 1) {
    const injection = INJECTIONS[i % INJECTIONS.length] as string;
    requests.push(
      post('empty body', ''),
      post('empty query', { query: '' }),
      post('no query', { variables: { x: MARK } }),
      post('query not a string', { query: { $ne: MARK } }),
      post('invalid JSON', `{"query": "{ system { version } }", "variables": {"x": "${MARK}"`),
      post('not JSON at all', `\u0000\u0001${MARK}\u00ff`),
      post('deep query', { query: `{ ${'thread(id: "ses_a") { messages { nodes { parts { ... on ToolPart { id } } } } } '.repeat(1)}${'{ __typename '.repeat(30 + i)}${'}'.repeat(30 + i)} }` }),
      post('aliased', { query: `{ ${Array.from({ length: 20 + i }, (_, n) => `a${n}: system { version }`).join(' ')} }` }),
      post('aliased __typename', { query: `{ ${Array.from({ length: 600 }, (_, n) => `t${n}: __typename`).join(' ')} }` }),
      post('batched', [{ query: '{ system { version } }' }, { query: CREATE, variables: { input: { title: MARK } } }]),
      post('text as an array', { query: SEND, variables: { input: { threadId: 'ses_abc', text: [MARK, i] } } }),
      post('text as an object', { query: SEND, variables: { input: { threadId: 'ses_abc', text: { $gt: MARK } } } }),
      post('first as a string', { query: 'query Q($f: Int) { threads(first: $f) { totalCount } }', variables: { f: `${i}${MARK}` } }),
      post('first too large', { query: 'query Q($f: Int) { threads(first: $f) { totalCount } }', variables: { f: 1e15 + i } }),
      post('reply in lower case', { query: REPLY, variables: { input: { threadId: 'ses_abc', permissionId: 'per_abc', reply: `once${MARK}` } } }),
      post('unknown input field', { query: SEND, variables: { input: { threadId: 'ses_abc', text: 'hi', [MARK]: MARK } } }),
      post('injection as a thread id', { query: SEND, variables: { input: { threadId: injection, text: 'hi' } } }),
      post('injection as a permission id', { query: REPLY, variables: { input: { threadId: 'ses_abc', permissionId: injection, reply: 'ONCE' } } }),
      post('injection as an idempotency key', { query: SEND, variables: { input: { threadId: 'ses_abc', text: 'hi', idempotencyKey: injection } } }),
      post('injection as a source', { query: CREATE, variables: { input: { title: 'x', source: injection } } }),
      post('injection in a cursor', { query: 'query Q($a: String) { threads(after: $a) { totalCount } }', variables: { a: injection } }),
      post('XSS in a title over the limit', { query: CREATE, variables: { input: { title: `<script>${MARK}</script>`.repeat(20) } } }),
      post('XSS as an operation name', { query: '{ system { version } }', operationName: `<script>${MARK}</script>` }),
      post('operation name not a string', { query: '{ system { version } }', operationName: [MARK] }),
      post('unknown field', { query: `{ ${MARK.replace(/-/g, '_')} }` }),
      post('wrong token', { query: '{ system { version } }' }, { authorization: `Bearer ${MARK}-${i}`, 'content-type': 'application/json' }),
      post('forged cookie', { query: '{ system { version } }' }, { cookie: `otto_session=${MARK}${i}`, 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' }),
      post('garbage cookie', { query: '{ system { version } }' }, { cookie: `${MARK};;;===;otto_session`, 'content-type': 'application/json' }),
      post('foreign origin with a cookie', { query: '{ system { version } }' }, { cookie: `otto_session=${MARK}`, origin: 'https://evil.example', 'content-type': 'text/plain' }),
      post('form post without the CSRF header', `query=${encodeURIComponent(CREATE)}&variables=${encodeURIComponent(JSON.stringify({ input: { title: MARK } }))}`, {
        ...auth,
        'content-type': 'application/x-www-form-urlencoded',
      }),
      { kind: 'mutation over GET', method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { abortThread(id: "ses_abc") { id } }')}`, headers: { ...auth, 'x-graphql-yoga-csrf': '1', accept: 'application/json' } },
      { kind: 'invalid variables on GET', method: 'GET', path: `/graphql?query=${encodeURIComponent('{ system { version } }')}&variables=${encodeURIComponent(`{${MARK}`)}`, headers: { ...auth, 'x-graphql-yoga-csrf': '1', accept: 'application/json' } },
      { kind: 'wrong method', method: 'PUT', path: '/graphql', headers: auth, body: JSON.stringify({ query: '{ system { version } }' }) },
      post('wrong content type', `<query>${MARK}</query>`, { ...auth, 'content-type': 'application/xml' }),
      post('sign-in with a wrong token', { token: `${MARK}${i}` }, { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' }),
    );
    requests[requests.length - 1]!.path = '/auth/session';
  }
  for (let i = 0; i < 5; i += 1) requests.push(post('huge body', `{"query": "${'x'.repeat(2_000_000)}${MARK}"}`));
  return requests;
}

describe('a thousand hostile requests', () => {
  it('each get a small coded error, none reaches OpenCode, and no log line repeats what they carried', async () => {
    const requests = hostileRequests();
    expect(requests.length).toBeGreaterThanOrEqual(1_000);
    const rowsBefore = (await t.store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    fake.calls.length = 0;
    logLines.length = 0;
    const problems: string[] = [];
    let audited = 0;
    for (let start = 0; start < requests.length; start += 25) {
      await Promise.all(
        requests.slice(start, start + 25).map(async (hostile) => {
          const response = await fetch(`${base}${hostile.path ?? '/graphql'}`, { method: hostile.method ?? 'POST', headers: hostile.headers, body: hostile.body });
          const text = await response.text();
          if (response.headers.get('x-request-id')) audited += 1;
          if (text.length > 16_384) problems.push(`${hostile.kind}: ${text.length} bytes`);
          if (text.includes(MARK)) problems.push(`${hostile.kind}: echoes the request`);
          if (response.headers.get('access-control-allow-origin')) problems.push(`${hostile.kind}: CORS header`);
          let code: unknown;
          try {
            code = (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors?.[0]?.extensions?.code;
          } catch {
            code = undefined;
          }
          if (!(ERROR_CODES as readonly unknown[]).includes(code)) problems.push(`${hostile.kind}: HTTP ${response.status} without a coded error: ${text.slice(0, 120)}`);
        }),
      );
    }
    expect([...new Set(problems)]).toEqual([]);
    expect(requestCalls(fake)).toEqual([]);
    expect(logLines.filter((line) => line.includes(MARK))).toEqual([]);
    // Every answer left its row; the rows hold no value either.
    const rows = await t.store.db.selectFrom('audit_events').selectAll().execute();
    expect(rows.length - Number(rowsBefore)).toBe(audited);
    expect(audited).toBe(requests.length);
    expect(JSON.stringify(rows)).not.toContain(MARK);
  });
});
