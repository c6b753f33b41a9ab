import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFakeOpencode, newMessageId, type FakeOpencode } from '@otto/opencode';
import { rememberSecrets, testLogDir } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, eventually, ok, startTestGateway, type GqlResult, type TestGateway } from './harness.js';

// Provider keys on the in-memory OpenCode: every GraphQL answer this file gets is kept, and none
// may hold a key; the log files of this gateway are read for them too (and by the end-of-run check).
const KEY = 'sk-ant-provider-test-key-0123456789';
const OTHER_KEY = 'sk-openai-provider-test-key-9876543210';
rememberSecrets(KEY, OTHER_KEY);

let fake: FakeOpencode;
let t: TestGateway;
const logDir = testLogDir('providers');
const answers: string[] = [];
const tokens: Record<'VIEWER' | 'OPERATOR', string> = { VIEWER: '', OPERATOR: '' };

const PROVIDER_FIELDS = 'id name connected models { id name }';
const SET = `mutation($i: SetProviderCredentialInput!) { setProviderCredential(input: $i) { ${PROVIDER_FIELDS} } }`;
const REMOVE = `mutation($p: ID!) { removeProviderCredential(providerId: $p) { ${PROVIDER_FIELDS} } }`;

async function gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>> {
  const result = await t.gql<T>(query, variables, token ? { token } : {});
  answers.push(JSON.stringify(result.body));
  return result;
}

const logText = () =>
  readdirSync(logDir)
    .map((file) => readFileSync(join(logDir, file), 'utf8'))
    .join('');

async function auditRow(action: string) {
  return t.store.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();
}

beforeAll(async () => {
  fake = createFakeOpencode();
  t = await startTestGateway({ opencode: fake, logDir });
  for (const role of ['VIEWER', 'OPERATOR'] as const) {
    const name = `providers-${role.toLowerCase()}`;
    const { createOperator } = ok(
      await gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', {
        i: { name, password: `${name}-password-long`, role },
      }),
    );
    const { createApiToken } = ok(
      await gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
        i: { name, operatorId: createOperator.id },
      }),
    );
    tokens[role] = createApiToken.token;
    rememberSecrets(createApiToken.token);
  }
});
afterAll(() => t.close());

describe('providers', () => {
  it('lists every provider OpenCode offers with its models and whether it is connected', async () => {
    const { system } = ok(await gql<{ system: { providers: unknown[] } }>(`{ system { providers { ${PROVIDER_FIELDS} } } }`, {}, tokens.VIEWER));
    expect(system.providers).toEqual([
      {
        id: 'anthropic',
        name: 'Anthropic',
        connected: false,
        models: [
          { id: 'claude-sonnet-4-5', name: 'Claude Sonnet 4.5' },
          { id: 'claude-haiku-4-5', name: 'Claude Haiku 4.5' },
        ],
      },
      { id: 'openai', name: 'OpenAI', connected: false, models: [{ id: 'gpt-5', name: 'GPT-5' }] },
      {
        id: 'scripted',
        name: 'Scripted (fake)',
        connected: true,
        models: [
          { id: 'scripted-model', name: 'Scripted model' },
          { id: 'scripted-vision', name: 'Scripted vision' },
        ],
      },
    ]);
  });

  it('sets a key: OpenCode stores it and reloads, cutting the running reply; the mirror reconnects and says so', async () => {
    fake.scriptReplies(() => ({ hang: true }));
    const { createThread } = ok(await gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "cut by a reload" }) { id } }'));
    const sessionId = createThread.id;
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId, messageId, text: 'hold on' });
    await eventually(async () => (await fake.sessionStatus())[sessionId]);
    await eventually(async () => t.gateway.services.mirror.isLive());
    const subscriptions = fake.calls.filter((call) => call === 'event.subscribe').length;

    const { setProviderCredential } = ok(await gql<{ setProviderCredential: { connected: boolean } }>(SET, { i: { providerId: 'anthropic', apiKey: KEY } }));
    expect(setProviderCredential).toMatchObject({ id: 'anthropic', connected: true });
    expect(fake.storedKey('anthropic')).toBe(KEY);
    expect(fake.calls).toContain('global.dispose');

    const { messages } = await fake.messages(sessionId);
    expect(messages.at(-1)?.info).toMatchObject({ role: 'assistant', error: { name: 'MessageAbortedError' } });
    await eventually(async () => fake.calls.filter((call) => call === 'event.subscribe').length > subscriptions && t.gateway.services.mirror.isLive());
    await eventually(async () => logText().includes('opencode reloaded for a new provider key'));
    fake.scriptReplies(undefined);
  });

  it('audits the provider id, in a field auditEvents returns, and never the key', async () => {
    const row = await auditRow('provider.set_credential');
    expect(row).toMatchObject({ outcome: 'OK', target: 'anthropic' });
    const { auditEvents } = ok(
      await gql<{ auditEvents: { nodes: Array<{ action: string; target: string | null }> } }>(
        '{ auditEvents(first: 5, action: PROVIDER_SET_CREDENTIAL) { nodes { action target } } }',
      ),
    );
    expect(auditEvents.nodes[0]).toEqual({ action: 'PROVIDER_SET_CREDENTIAL', target: 'anthropic' });
    const rows = await t.store.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(KEY);
  });

  it('removes a key: OpenCode forgets it and reloads; the provider is no longer connected', async () => {
    ok(await gql(SET, { i: { providerId: 'openai', apiKey: OTHER_KEY } }));
    const reloads = fake.calls.filter((call) => call === 'global.dispose').length;
    const { removeProviderCredential } = ok(await gql<{ removeProviderCredential: unknown }>(REMOVE, { p: 'openai' }));
    expect(removeProviderCredential).toMatchObject({ id: 'openai', connected: false });
    expect(fake.storedKey('openai')).toBeUndefined();
    expect(fake.calls.filter((call) => call === 'global.dispose')).toHaveLength(reloads + 1);
    expect(await auditRow('provider.remove_credential')).toMatchObject({ outcome: 'OK', target: 'openai' });
  });

  it('refuses an unknown provider and a bad key as BAD_USER_INPUT naming the field, without reaching OpenCode', async () => {
    const before = fake.calls.filter((call) => call === 'auth.set' || call === 'auth.remove' || call === 'global.dispose').length;
    const refused = async (result: Promise<GqlResult>, field: string) => {
      const { body } = await result;
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(body.errors?.[0]?.message).not.toContain(KEY);
    };
    // OpenCode itself would store a key under any id.
    await refused(gql(SET, { i: { providerId: 'no-such-provider', apiKey: KEY } }), 'input.providerId');
    await refused(gql(SET, { i: { providerId: 'anthropic', apiKey: '' } }), 'input.apiKey');
    await refused(gql(SET, { i: { providerId: 'anthropic', apiKey: `${KEY}\n` } }), 'input.apiKey');
    await refused(gql(SET, { i: { providerId: 'anthropic', apiKey: KEY.repeat(200) } }), 'input.apiKey');
    await refused(gql(REMOVE, { p: 'no-such-provider' }), 'providerId');
    expect(fake.calls.filter((call) => call === 'auth.set' || call === 'auth.remove' || call === 'global.dispose')).toHaveLength(before);
    expect(fake.storedKey('anthropic')).toBe(KEY);
    expect(await auditRow('provider.set_credential')).toMatchObject({ outcome: 'ERROR', error_code: 'BAD_USER_INPUT' });
  });

  it('lets only an admin set or remove a key', async () => {
    for (const role of ['VIEWER', 'OPERATOR'] as const) {
      expect(codes(await gql(SET, { i: { providerId: 'openai', apiKey: OTHER_KEY } }, tokens[role]))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(REMOVE, { p: 'anthropic' }, tokens[role]))).toEqual(['FORBIDDEN']);
    }
    expect(fake.storedKey('openai')).toBeUndefined();
    expect(fake.storedKey('anthropic')).toBe(KEY);
  });

  it('never answers with a key or writes one to a log line', async () => {
    expect(answers.length).toBeGreaterThan(10);
    for (const answer of answers) {
      expect(answer).not.toContain(KEY);
      expect(answer).not.toContain(OTHER_KEY);
    }
    const logs = await eventually(async () => {
      const text = logText();
      return text.includes('provider.remove_credential') || text.includes('opencode reloaded for a removed provider key') ? text : undefined;
    });
    expect(logs).not.toContain(KEY);
    expect(logs).not.toContain(OTHER_KEY);
  });
});
