import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, createThread, eventually, ok, startTestGateway, type GqlResult, type TestGateway } from './harness.js';

// Session cards (pins) and thread export, on the in-memory OpenCode.
let fake: FakeOpencode;
let t: TestGateway;
const CSRF = { 'x-graphql-yoga-csrf': '1', 'content-type': 'application/json' };

beforeAll(async () => {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake });
});
afterAll(() => t.close());

const PIN = 'mutation P($id: ID!) { pinThread(threadId: $id) { id pinned } }';
const UNPIN = 'mutation U($id: ID!) { unpinThread(threadId: $id) { id pinned } }';
const PINNED = '{ pinnedThreads { id title pinned } }';

/** An operator with a password (for a console session) and a token of their own. */
async function operator(name: string) {
  const password = `${name}-password-long-enough`;
  const { createOperator } = ok(
    await t.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', {
      i: { name, password, role: 'VIEWER' },
    }),
  );
  const { createApiToken } = ok(
    await t.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
      i: { name: `${name}-script`, operatorId: createOperator.id },
    }),
  );
  const signedIn = await t.fetch('/auth/session', { method: 'POST', headers: CSRF, body: JSON.stringify({ name, password }) });
  expect(signedIn.status).toBe(204);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    withToken: <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => t.gql<T>(query, variables, { token: createApiToken.token }),
    withCookie: <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
      t.gql<T>(query, variables, { token: null, headers: { cookie, 'x-graphql-yoga-csrf': '1' } }),
  };
}

describe('pins', () => {
  let threads: string[];
  beforeAll(async () => {
    threads = [];
    for (let i = 0; i < 11; i += 1) threads.push(await createThread(t, `card ${i}`));
  });

  it("belong to the operator however they come: a token's pin shows in their console, not in anyone else's", async () => {
    const carol = await operator('carol');
    const dave = await operator('dave');
    expect(ok(await carol.withToken<{ pinThread: { pinned: boolean } }>(PIN, { id: threads[0] })).pinThread.pinned).toBe(true);
    expect(ok(await carol.withCookie<{ pinnedThreads: Array<{ id: string; pinned: boolean }> }>(PINNED)).pinnedThreads).toEqual([
      { id: threads[0], title: 'card 0', pinned: true },
    ]);
    expect(ok(await dave.withCookie<{ pinnedThreads: unknown[] }>(PINNED)).pinnedThreads).toEqual([]);
    const list = '{ threads(first: 50) { nodes { id pinned } } }';
    const flags = (result: GqlResult<{ threads: { nodes: Array<{ id: string; pinned: boolean }> } }>) =>
      ok(result).threads.nodes.filter((node) => node.pinned).map((node) => node.id);
    expect(flags(await carol.withCookie(list))).toEqual([threads[0]]);
    expect(flags(await dave.withToken(list))).toEqual([]);
    // Unpinned in the console, gone for the token too.
    expect(ok(await carol.withCookie<{ unpinThread: { pinned: boolean } }>(UNPIN, { id: threads[0] })).unpinThread.pinned).toBe(false);
    expect(ok(await carol.withToken<{ pinnedThreads: unknown[] }>(PINNED)).pinnedThreads).toEqual([]);
  });

  it('refuses an 11th pin with BAD_USER_INPUT and pins nothing', async () => {
    const erin = await operator('erin');
    for (const id of threads.slice(0, 10)) ok(await erin.withCookie(PIN, { id }));
    const refused = await erin.withCookie(PIN, { id: threads[10] });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.body.errors?.[0]?.message).toMatch(/at most 10 threads/i);
    const pinned = ok(await erin.withToken<{ pinnedThreads: Array<{ id: string }> }>(PINNED)).pinnedThreads;
    expect(pinned.map((thread) => thread.id)).toEqual(threads.slice(0, 10));
    // Pinning one already held is no new pin, so it is no refusal either.
    ok(await erin.withCookie(PIN, { id: threads[3] }));
    ok(await erin.withCookie(UNPIN, { id: threads[3] }));
    ok(await erin.withCookie(PIN, { id: threads[10] }));
  });

  it('counts what each pinned thread selects once per pin the operator may hold, in the query cost', async () => {
    const fields = 'id role status text createdAt completedAt agent parentId cost threadId error { name message } model { providerId modelId } tokens { input output } parts { __typename }';
    const cards = (last: number) => `{ pinnedThreads { id title messages(last: ${last}) { nodes { ${fields} } } } }`;
    expect(codes(await t.gql(cards(100)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(cards(6)))).toEqual([]);
  });

  it('answers NOT_FOUND for a thread nobody knows, and audits pins with the thread', async () => {
    const before = (await t.store.db.selectFrom('audit_events').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    expect(codes(await t.gql(PIN, { id: 'ses_nosuchthread0000' }))).toEqual(['NOT_FOUND']);
    ok(await t.gql(PIN, { id: threads[5] }));
    ok(await t.gql(UNPIN, { id: threads[5] }));
    ok(await t.gql(PINNED));
    const rows = await t.store.db
      .selectFrom('audit_events')
      .select(['action', 'thread_id', 'outcome', 'error_code'])
      .where('id', '>', before)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { action: 'thread.pin', thread_id: 'ses_nosuchthread0000', outcome: 'ERROR', error_code: 'NOT_FOUND' },
      { action: 'thread.pin', thread_id: threads[5], outcome: 'OK', error_code: null },
      { action: 'thread.unpin', thread_id: threads[5], outcome: 'OK', error_code: null },
      { action: 'pin.read', thread_id: null, outcome: 'OK', error_code: null },
    ]);
  });
});

describe('export', () => {
  const EXPORT = 'query E($id: ID!, $format: ExportFormat!) { exportThread(threadId: $id, format: $format) { filename mimeType content messageCount truncated } }';
  type Exported = { exportThread: { filename: string; mimeType: string; content: string; messageCount: number; truncated: boolean } };

  it('gives a thread with a tool call as Markdown and as JSON, audited as thread.export', async () => {
    const id = await createThread(t, 'Export me');
    fake.scriptReplies((text) => (text.includes('files') ? { bash: 'ls' } : undefined));
    ok(await t.gql('mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', { i: { threadId: id, text: 'list the files' } }));
    // Asked through the gateway, which answers only a permission its mirror has seen.
    const permission = await eventually(
      async () => (await t.gql<{ thread: { permissions: Array<{ id: string }> } }>('query($id: ID!) { thread(id: $id) { permissions { id } } }', { id })).body.data?.thread.permissions[0],
    );
    ok(await t.gql('mutation R($i: ReplyPermissionInput!) { replyPermission(input: $i) { id } }', { i: { threadId: id, permissionId: permission.id, reply: 'ONCE' } }));
    await eventually(async () => (await t.gql<Exported>(EXPORT, { id, format: 'MARKDOWN' })).body.data?.exportThread.content.includes('echo: list the files'));

    const md = ok(await t.gql<Exported>(EXPORT, { id, format: 'MARKDOWN' })).exportThread;
    expect(md).toMatchObject({ filename: `otto-export-me-${id}.md`, mimeType: 'text/markdown; charset=utf-8', truncated: false });
    expect(md.content).toMatch(/^# Export me\n/);
    expect(md.content).toContain('list the files');
    expect(md.content).toMatch(/<details>\n<summary>Tool bash[^<]*\(completed\)<\/summary>/);
    expect(md.content).toContain('"command": "ls"');

    const json = ok(await t.gql<Exported>(EXPORT, { id, format: 'JSON' })).exportThread;
    const document = JSON.parse(json.content) as { thread: { id: string }; messages: Array<{ role: string; parts: Array<{ kind: string; name?: string }> }> };
    expect(document.thread.id).toBe(id);
    expect(json.messageCount).toBe(document.messages.length);
    expect(document.messages.flatMap((m) => m.parts).some((part) => part.kind === 'tool' && part.name === 'bash')).toBe(true);

    const rows = await t.store.db.selectFrom('audit_events').select(['action', 'thread_id']).where('action', '=', 'thread.export').execute();
    expect(rows.at(-1)).toEqual({ action: 'thread.export', thread_id: id });
    fake.scriptReplies(undefined);
  });

  it('answers NOT_FOUND for a thread nobody knows, BAD_USER_INPUT for a format it does not make', async () => {
    expect(codes(await t.gql(EXPORT, { id: 'ses_nosuchthread0000', format: 'JSON' }))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(EXPORT, { id: 'ses_nosuchthread0000', format: 'PDF' }))).toEqual(['BAD_USER_INPUT']);
  });
});
