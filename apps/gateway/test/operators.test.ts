import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { addSetupLink, type Role } from '@otto/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { SETUP_LINK_TTL_MS } from '../src/operators/operator.service.js';
import { schema } from '../src/schema.js';
import { codes, ok, startTestGateway, TOKEN, type TestGateway } from './harness.js';

// Named operators, roles and tokens, on the in-memory OpenCode. Every secret this file makes is
// collected, and the last test looks for each in every log line and audit row.
let fake: FakeOpencode;
let t: TestGateway;
const logLines: string[] = [];
const secrets: string[] = [];
const CSRF = { 'x-graphql-yoga-csrf': '1', 'content-type': 'application/json' };

beforeAll(async () => {
  fake = createFakeOpencode();
  t = await startTestGateway({
    opencode: fake,
    logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }),
    lockout: { freeFailures: 5, firstLockMs: 60_000 },
  });
});
afterAll(() => t.close());

async function createOperator(name: string, role: Role, password = `${name}-password-long-enough`): Promise<{ id: string; password: string }> {
  secrets.push(password);
  const { createOperator: operator } = ok(
    await t.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', { i: { name, password, role } }),
  );
  return { id: operator.id, password };
}

async function tokenFor(operatorId: string, name: string, as = TOKEN, role?: Role): Promise<string> {
  const { createApiToken } = ok(
    await t.gql<{ createApiToken: { token: string } }>(
      'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token apiToken { name role } } }',
      { i: { name, operatorId, ...(role ? { role } : {}) } },
      { token: as },
    ),
  );
  secrets.push(createApiToken.token);
  return createApiToken.token;
}

async function signIn(body: Record<string, unknown>, address = '10.0.0.1') {
  const response = await t.fetch('/auth/session', { method: 'POST', headers: CSRF, body: JSON.stringify(body) }, address);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (cookie) secrets.push(cookie.split('=')[1] ?? '');
  return { response, cookie };
}

const asCookie = (cookie: string, query: string, variables: Record<string, unknown> = {}) =>
  t.gql(query, variables, { token: null, headers: { cookie, 'x-graphql-yoga-csrf': '1' } });

describe('roles', () => {
  const tokens: Partial<Record<Role, string>> = {};
  let threadId: string;

  beforeAll(async () => {
    for (const role of ['VIEWER', 'OPERATOR', 'ADMIN'] as const) {
      const { id } = await createOperator(`role-${role.toLowerCase()}`, role);
      tokens[role] = await tokenFor(id, `table-${role}`);
    }
    const created = ok(await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "roles" }) { id } }'));
    threadId = created.createThread.id;
  });

  // The least role each root field needs, and a call of it; a field missing here fails the test.
  const TABLE: Record<string, [Role, string]> = {
    threads: ['VIEWER', '{ threads { totalCount } }'],
    thread: ['VIEWER', 'query($t: ID!) { thread(id: $t) { id } }'],
    system: ['VIEWER', '{ system { version } }'],
    me: ['VIEWER', '{ me { name role } }'],
    apiTokens: ['VIEWER', '{ apiTokens { id } }'],
    consoleSessions: ['VIEWER', '{ consoleSessions { id } }'],
    auditEvents: ['ADMIN', '{ auditEvents(first: 1) { totalCount } }'],
    logs: ['ADMIN', '{ logs(first: 1) { nodes { message } } }'],
    operators: ['ADMIN', '{ operators { id } }'],
    setPassword: ['VIEWER', 'mutation { setPassword(input: { newPassword: "a-new-password-for-the-table", currentPassword: "wrong-current-password" }) { id } }'],
    createApiToken: ['VIEWER', 'mutation { createApiToken(input: { name: "from the table", role: VIEWER }) { apiToken { id } } }'],
    revokeApiToken: ['ADMIN', 'mutation { revokeApiToken(id: "not-a-token-of-mine") { id } }'],
    revokeConsoleSession: ['VIEWER', 'mutation { revokeConsoleSession(id: "not-a-session") { id } }'],
    createThread: ['OPERATOR', 'mutation { createThread(input: { title: "by role" }) { id } }'],
    sendMessage: ['OPERATOR', 'mutation($t: ID!) { sendMessage(input: { threadId: $t, text: "hi from the table" }) { message { id } } }'],
    abortThread: ['OPERATOR', 'mutation($t: ID!) { abortThread(id: $t) { id } }'],
    bindThread: ['OPERATOR', 'mutation($t: ID!) { bindThread(input: { threadId: $t, key: "table:1", source: api }) { id } }'],
    unbindThread: ['OPERATOR', 'mutation { unbindThread(threadId: "ses_notbound000000") { id } }'],
    replyPermission: ['OPERATOR', 'mutation($t: ID!) { replyPermission(input: { threadId: $t, permissionId: "per_none00000000", reply: REJECT }) { id } }'],
    createOperator: ['ADMIN', 'mutation { createOperator(input: { name: "made-by-table", password: "a-password-long-enough", role: VIEWER }) { id } }'],
    updateOperator: ['ADMIN', 'mutation { updateOperator(input: { id: "no-such-operator" }) { id } }'],
    replyQuestion: ['OPERATOR', 'mutation($t: ID!) { replyQuestion(input: { threadId: $t, questionId: "que_none00000000", answers: [["yes"]] }) { id } }'],
    rejectQuestion: ['OPERATOR', 'mutation($t: ID!) { rejectQuestion(input: { threadId: $t, questionId: "que_none00000000" }) { id } }'],
    restartOpenCode: ['ADMIN', 'mutation { restartOpenCode { state } }'],
    // An id OpenCode does not offer: an admin gets BAD_USER_INPUT, and OpenCode is not reloaded mid-table.
    setProviderCredential: ['ADMIN', 'mutation { setProviderCredential(input: { providerId: "no-such-provider", apiKey: "table-key" }) { id } }'],
    removeProviderCredential: ['ADMIN', 'mutation { removeProviderCredential(providerId: "no-such-provider") { id } }'],
    startTunnel: ['ADMIN', 'mutation { startTunnel { state } }'],
    stopTunnel: ['ADMIN', 'mutation { stopTunnel { state } }'],
    pinnedThreads: ['VIEWER', '{ pinnedThreads { id } }'],
    pinThread: ['VIEWER', 'mutation($t: ID!) { pinThread(threadId: $t) { id } }'],
    unpinThread: ['VIEWER', 'mutation($t: ID!) { unpinThread(threadId: $t) { id } }'],
    exportThread: ['VIEWER', 'query($t: ID!) { exportThread(threadId: $t, format: MARKDOWN) { filename } }'],
    // A message the thread does not have: an operator gets NOT_FOUND, and nothing is reverted.
    revertMessage: ['OPERATOR', 'mutation($t: ID!) { revertMessage(input: { threadId: $t, messageId: "msg_notInTheTable" }) { id } }'],
    unrevertThread: ['OPERATOR', 'mutation($t: ID!) { unrevertThread(threadId: $t) { id } }'],
    searchMessages: ['VIEWER', '{ searchMessages(query: "table") { nodes { snippet } } }'],
  };
  const RANK: Record<Role, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

  it('has a row for every root field', () => {
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
    expect(fields.sort()).toEqual(Object.keys(TABLE).sort());
  });

  it.each(Object.entries(TABLE).flatMap(([field, [least, query]]) => (['VIEWER', 'OPERATOR', 'ADMIN'] as const).map((role) => [field, role, least, query] as const)))(
    '%s as %s (needs %s)',
    async (_field, role, least, query) => {
      const before = (await t.store.db.selectFrom('audit_events').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 0;
      const result = await t.gql(query, { t: threadId }, { token: tokens[role] });
      if (RANK[role] >= RANK[least]) {
        expect(codes(result)).not.toContain('FORBIDDEN');
      } else {
        expect(codes(result)).toEqual(['FORBIDDEN']);
        const row = await t.store.db.selectFrom('audit_events').selectAll().where('id', '>', before).executeTakeFirstOrThrow();
        expect(row).toMatchObject({ outcome: 'ERROR', error_code: 'FORBIDDEN', actor: `role-${role.toLowerCase()} (token: table-${role})` });
      }
    },
  );

  it('gives no one a token above their own role', async () => {
    const result = await t.gql('mutation { createApiToken(input: { name: "escalate", role: ADMIN }) { token } }', {}, { token: tokens.OPERATOR });
    expect(codes(result)).toEqual(['FORBIDDEN']);
  });
});

describe('first start', () => {
  it('with OTTO_ADMIN_PASSWORD: admin signs in with it, and no link is printed', async () => {
    const other = await startTestGateway({ opencode: createFakeOpencode(), start: false });
    try {
      await other.store.db.deleteFrom('operators').execute();
      secrets.push('the-admin-password-1');
      expect(await other.gateway.services.operators.bootstrap('the-admin-password-1')).toEqual({ setupSecret: null });
      const signedIn = await other.fetch('/auth/session', { method: 'POST', headers: CSRF, body: JSON.stringify({ name: 'admin', password: 'the-admin-password-1' }) });
      expect(signedIn.status).toBe(204);
      const row = await other.store.db.selectFrom('operators').select('password_hash').where('name', '=', 'admin').executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await other.close();
    }
  });

  it('without it: the one-time link lets the first person choose the password, once', async () => {
    const other = await startTestGateway({ opencode: createFakeOpencode(), start: false });
    try {
      await other.store.db.deleteFrom('operators').execute();
      const { setupSecret } = await other.gateway.services.operators.bootstrap();
      expect(setupSecret).toMatch(/^[\w-]{20,}$/);
      secrets.push(setupSecret!, 'chosen-by-the-first-person');
      const post = (body: unknown) => other.fetch('/auth/session', { method: 'POST', headers: CSRF, body: JSON.stringify(body) });
      expect((await post({ setup: setupSecret, password: 'short' })).status).toBe(400);
      const used = await post({ setup: setupSecret, password: 'chosen-by-the-first-person' });
      expect(used.status).toBe(204);
      const me = await other.gql<{ me: { name: string; role: string } }>('{ me { name role } }', {}, { token: null, headers: { cookie: used.headers.get('set-cookie')!.split(';')[0]!, 'x-graphql-yoga-csrf': '1' } });
      expect(me.body.data?.me).toEqual({ name: 'admin', role: 'ADMIN' });
      expect((await post({ setup: setupSecret, password: 'chosen-by-someone-else' })).status).toBe(401);
      expect((await post({ name: 'admin', password: 'chosen-by-the-first-person' })).status).toBe(204);
    } finally {
      await other.close();
    }
  });

  it('makes one admin when two gateways on one database start together', async () => {
    const other = await startTestGateway({ opencode: createFakeOpencode(), start: false });
    const second = await startTestGateway({ opencode: createFakeOpencode(), store: other.store, start: false });
    try {
      await other.store.db.deleteFrom('operators').execute();
      const both = await Promise.all([other.gateway.services.operators.bootstrap(), second.gateway.services.operators.bootstrap()]);
      expect(both.map(({ setupSecret }) => typeof setupSecret)).toEqual(['string', 'string']);
      const rows = await other.store.db.selectFrom('operators').select('name').execute();
      expect(rows).toEqual([{ name: 'admin' }]);
    } finally {
      await second.close();
      await other.close();
    }
  });

  it('takes a link printed by another gateway on the same database, once, and none older than a day', async () => {
    const printer = await startTestGateway({ opencode: createFakeOpencode(), start: false });
    const other = await startTestGateway({ opencode: createFakeOpencode(), store: printer.store, start: false });
    try {
      await printer.store.db.deleteFrom('operators').execute();
      const { setupSecret } = await printer.gateway.services.operators.bootstrap();
      const stale = 'a-link-printed-more-than-a-day-ago';
      await addSetupLink(printer.store.db, stale, Date.now() - SETUP_LINK_TTL_MS - 1_000);
      secrets.push(setupSecret!, stale, 'chosen-through-the-other');
      const post = (gateway: TestGateway, body: unknown) => gateway.fetch('/auth/session', { method: 'POST', headers: CSRF, body: JSON.stringify(body) });
      expect((await post(other, { setup: stale, password: 'chosen-through-the-other' })).status).toBe(401);
      expect((await post(other, { setup: setupSecret, password: 'chosen-through-the-other' })).status).toBe(204);
      expect((await post(printer, { setup: setupSecret, password: 'chosen-by-someone-else' })).status).toBe(401);
      expect((await post(printer, { name: 'admin', password: 'chosen-through-the-other' })).status).toBe(204);
      expect(await printer.store.db.selectFrom('setup_links').selectAll().execute()).toEqual([]);
    } finally {
      await other.close();
      await printer.close();
    }
  });

  it('keeps the legacy operator token working as the admin\'s', async () => {
    expect(ok(await t.gql<{ me: { name: string } }>('{ me { name } }')).me.name).toBe('admin');
  });
});

describe('sign-in, tokens and sessions', () => {
  it('names the operator in the audit log, with the token used, and filters by it', async () => {
    const { id } = await createOperator('alice', 'OPERATOR');
    const nightly = await tokenFor(id, 'nightly');
    ok(await t.gql('query Mine { me { name } }', {}, { token: nightly }));
    const log = ok(await t.gql<{ auditEvents: { nodes: Array<{ actor: string; operationName: string }> } }>('{ auditEvents(first: 5, actor: "alice (token: nightly)") { nodes { actor operationName } } }'));
    expect(log.auditEvents.nodes).toEqual([{ actor: 'alice (token: nightly)', operationName: 'Mine' }]);
  });

  it('locks one client out of one account after 5 wrong passwords — even with the right one — and no one else', async () => {
    const { password } = await createOperator('bob', 'VIEWER');
    for (let i = 0; i < 5; i += 1) expect((await signIn({ name: 'bob', password: `wrong-password-${i}-long` }, '10.6.6.6')).response.status).toBe(401);
    const locked = await signIn({ name: 'bob', password }, '10.6.6.6');
    expect(locked.response.status).toBe(429);
    expect(Number(locked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn({ name: 'bob', password }, '10.7.7.7')).response.status).toBe(204);
    const rows = await t.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.sign_in').where('client_address', '=', '10.6.6.6').execute();
    expect(rows.map((row) => row.error_code)).toEqual([...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
  });

  it('stops a revoked or expired token on its next request', async () => {
    const { id } = await createOperator('carol', 'OPERATOR');
    const revoked = await tokenFor(id, 'soon revoked');
    const expiring = await tokenFor(id, 'soon expired');
    ok(await t.gql('{ me { name } }', {}, { token: revoked }));
    const { apiTokens } = ok(await t.gql<{ apiTokens: Array<{ id: string; name: string }> }>('{ apiTokens { id name } }', {}, { token: revoked }));
    ok(await t.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiTokens.find((token) => token.name === 'soon revoked')!.id }, { token: revoked }));
    expect(codes(await t.gql('{ me { name } }', {}, { token: revoked }))).toEqual(['UNAUTHENTICATED']);
    await t.store.db.updateTable('api_tokens').set({ expires_at: Date.now() - 1 }).where('name', '=', 'soon expired').execute();
    expect(codes(await t.gql('{ me { name } }', {}, { token: expiring }))).toEqual(['UNAUTHENTICATED']);
  });

  it('stops a disabled operator\'s sessions and tokens at once', async () => {
    const { id, password } = await createOperator('dave', 'OPERATOR');
    const token = await tokenFor(id, 'daves');
    const { cookie } = await signIn({ name: 'dave', password });
    ok(await asCookie(cookie, '{ me { name } }'));
    ok(await t.gql('mutation($i: UpdateOperatorInput!) { updateOperator(input: $i) { disabled } }', { i: { id, disabled: true } }));
    expect(codes(await asCookie(cookie, '{ me { name } }'))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql('{ me { name } }', {}, { token }))).toEqual(['UNAUTHENTICATED']);
    expect((await signIn({ name: 'dave', password })).response.status).toBe(401);
  });

  it('ends the operator\'s other sessions when the password changes, and keeps the one that changed it', async () => {
    const { password } = await createOperator('erin', 'VIEWER');
    const first = await signIn({ name: 'erin', password });
    const second = await signIn({ name: 'erin', password });
    secrets.push('erins-new-password-123');
    ok(await asCookie(first.cookie, 'mutation($i: SetPasswordInput!) { setPassword(input: $i) { name } }', { i: { currentPassword: password, newPassword: 'erins-new-password-123' } }));
    ok(await asCookie(first.cookie, '{ me { name } }'));
    expect(codes(await asCookie(second.cookie, '{ me { name } }'))).toEqual(['UNAUTHENTICATED']);
    const sessions = ok(await asCookie(first.cookie, '{ consoleSessions { id current } }')) as { consoleSessions: Array<{ current: boolean }> };
    expect(sessions.consoleSessions).toEqual([{ id: expect.any(String), current: true }]);
  });

  it('refuses a console session from a token with less than its owner\'s role', async () => {
    const { id } = await createOperator('frank', 'ADMIN');
    const viewerToken = await tokenFor(id, 'read only', TOKEN, 'VIEWER');
    expect((await signIn({ token: viewerToken })).response.status).toBe(403);
  });
});

describe('secrets', () => {
  it('appear in no log line and no audit row', async () => {
    expect(secrets.length).toBeGreaterThan(10);
    const rows = JSON.stringify(await t.store.db.selectFrom('audit_events').selectAll().execute());
    for (const secret of secrets.filter((value) => value.length >= 8)) {
      expect(logLines.some((line) => line.includes(secret))).toBe(false);
      expect(rows.includes(secret)).toBe(false);
    }
    expect(logLines.some((line) => line.includes(TOKEN))).toBe(false);
  });
});
