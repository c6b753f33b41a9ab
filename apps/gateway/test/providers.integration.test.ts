import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './harness.js';
import { startSupervisedServer, type SupervisedServer } from './supervised-server.js';

// Provider keys through the real OpenCode: the scripted provider is configured without a key (one in
// config always wins over a stored one), so the Authorization header the scripted model server sees
// is the key OpenCode got from Otto. The end-of-run check looks for both keys in every log file.
const TOKEN = 'providers-integration-operator-token';
const ENV_KEY = 'sk-from-the-environment-0123456789';
const CONSOLE_KEY = 'sk-set-from-the-console-9876543210';
rememberSecrets(TOKEN, ENV_KEY, CONSOLE_KEY);

let server: SupervisedServer;

interface GqlBody<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlBody<T>> {
  const response = await fetch(server.running.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlBody<T>;
}

/**
 * Sends a prompt on a new thread; the Authorization header of the chat request OpenCode made to the
 * model for it. What is asserted is that request — the key reaching the model server — not the
 * reply: OpenCode's own disposal after a reload can still cut off a prompt sent at once, which the
 * gateway reports as such (UPSTREAM_UNAVAILABLE).
 */
async function promptAuthorization(text: string): Promise<string | undefined> {
  const created = await gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "providers" }) { id } }');
  const threadId = created.data!.createThread.id;
  const sent = await gql<{ sendMessage: { message: { id: string } } }>('mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', {
    i: { threadId, text },
  });
  expect(sent.errors).toBeUndefined();
  const request = await eventually(async () => server.model.requests.find((candidate) => candidate.purpose === 'chat' && candidate.lastUserText === text), 30_000);
  return request.authorization;
}

const mirrorLive = async () => server.running.gateway.services.mirror.isLive();

beforeAll(async () => {
  server = await startSupervisedServer({
    apiKey: null,
    env: { OTTO_OPERATOR_TOKEN: TOKEN, OTTO_PROVIDER_KEYS: `scripted=${ENV_KEY}` },
  });
  await eventually(async () => {
    const { data } = await gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }');
    return data?.system.opencode.status === 'UP' && (await mirrorLive());
  }, 30_000);
}, 90_000);

afterAll(() => server?.close());

describe('provider keys through the real OpenCode', () => {
  it('puts OTTO_PROVIDER_KEYS into OpenCode at start: the first prompt carries the key', async () => {
    expect(await promptAuthorization('first prompt after start')).toBe(`Bearer ${ENV_KEY}`);
  });

  it('lists the providers OpenCode offers, without the stored key', async () => {
    const listed = await gql<{ system: { providers: unknown[] } }>('{ system { providers { id name connected models { id name } } } }');
    expect(listed.data?.system.providers).toEqual([
      {
        id: 'scripted',
        name: 'Scripted (testkit)',
        connected: true,
        // OpenCode picks which comes first, as the provider's default.
        models: expect.arrayContaining([
          { id: 'scripted-model', name: 'Scripted model' },
          { id: 'scripted-vision', name: 'Scripted vision' },
        ]),
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(ENV_KEY);
  });

  it('setProviderCredential reaches the model server on the next prompt, and survives a restart of OpenCode', async () => {
    const set = await gql<{ setProviderCredential: { id: string; connected: boolean } }>(
      'mutation($i: SetProviderCredentialInput!) { setProviderCredential(input: $i) { id connected } }',
      { i: { providerId: 'scripted', apiKey: CONSOLE_KEY } },
    );
    expect(set).toEqual({ data: { setProviderCredential: { id: 'scripted', connected: true } } });
    await eventually(mirrorLive, 30_000);
    expect(await promptAuthorization('first prompt with the new key')).toBe(`Bearer ${CONSOLE_KEY}`);

    // OpenCode keeps stored keys in its data folder: a supervised restart loses nothing.
    const restarted = await gql('mutation { restartOpenCode { state } }');
    expect(restarted.errors).toBeUndefined();
    await eventually(async () => (await mirrorLive()) && server.running.supervisor?.state() === 'RUNNING', 30_000);
    expect(await promptAuthorization('after a restart of opencode')).toBe(`Bearer ${CONSOLE_KEY}`);
  });

  it('removeProviderCredential: the next prompt carries no key', async () => {
    const removed = await gql<{ removeProviderCredential: { id: string } }>('mutation { removeProviderCredential(providerId: "scripted") { id } }');
    expect(removed.errors).toBeUndefined();
    await eventually(mirrorLive, 30_000);
    expect(await promptAuthorization('after the key was removed')).toBeUndefined();
  });
});
