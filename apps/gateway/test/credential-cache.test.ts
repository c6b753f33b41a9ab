import { createFakeOpencode } from '@otto/opencode';
import { openMemoryStore, type Role, type Store } from '@otto/store';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, ok, startTestGateway, type TestGateway } from './harness.js';

// Verified tokens and cookies are remembered for a moment: every change that ends or lowers one
// holds from the next request on the gateway that made it, and within 1 s on another on the same database.
let store: Store;
let a: TestGateway;
let b: TestGateway;
const CSRF = { 'x-graphql-yoga-csrf': '1', 'content-type': 'application/json' };

beforeAll(async () => {
  store = await openMemoryStore();
  a = await startTestGateway({ opencode: createFakeOpencode(), store });
  b = await startTestGateway({ opencode: createFakeOpencode(), store });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await store.close();
});

let made = 0;
async function operatorWithToken(role: Role): Promise<{ id: string; name: string; password: string; token: string; tokenId: string }> {
  made += 1;
  const name = `cached-${made}`;
  const password = `${name}-password-long-enough`;
  const { createOperator } = ok(await a.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', { i: { name, password, role } }));
  const { createApiToken } = ok(
    await a.gql<{ createApiToken: { token: string; apiToken: { id: string } } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token apiToken { id } } }', {
      i: { name: 'poller', operatorId: createOperator.id },
    }),
  );
  rememberSecrets(password, createApiToken.token);
  return { id: createOperator.id, name, password, token: createApiToken.token, tokenId: createApiToken.apiToken.id };
}

async function signIn(t: TestGateway, name: string, password: string): Promise<string> {
  const response = await t.fetch('/auth/session', { method: 'POST', headers: CSRF, body: JSON.stringify({ name, password }) });
  expect(response.status).toBe(204);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  rememberSecrets(cookie.split('=')[1]!);
  return cookie;
}

const asCookie = (t: TestGateway, cookie: string, query: string, variables: Record<string, unknown> = {}) =>
  t.gql(query, variables, { token: null, headers: { cookie, 'x-graphql-yoga-csrf': '1' } });
const setRole = (id: string, role: Role) => a.gql('mutation($i: UpdateOperatorInput!) { updateOperator(input: $i) { role } }', { i: { id, role } });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a credential verified a moment ago', () => {
  it('is refused on the next request once revoked', async () => {
    const { token, tokenId } = await operatorWithToken('OPERATOR');
    ok(await a.gql('{ me { name } }', {}, { token }));
    ok(await a.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: tokenId }));
    expect(codes(await a.gql('{ me { name } }', {}, { token }))).toEqual(['UNAUTHENTICATED']);
  });

  it('acts with the new role on the next request after a role change, both ways', async () => {
    const { id, name, password, token } = await operatorWithToken('ADMIN');
    const cookie = await signIn(a, name, password);
    ok(await a.gql('{ operators { id } }', {}, { token }));
    ok(await asCookie(a, cookie, '{ operators { id } }'));
    ok(await setRole(id, 'VIEWER'));
    expect(codes(await a.gql('{ operators { id } }', {}, { token }))).toEqual(['FORBIDDEN']);
    expect(codes(await asCookie(a, cookie, '{ operators { id } }'))).toEqual(['FORBIDDEN']);
    ok(await setRole(id, 'ADMIN'));
    ok(await asCookie(a, cookie, '{ operators { id } }'));
  });

  it('is refused on the next request once its operator is disabled', async () => {
    const { id, name, password, token } = await operatorWithToken('OPERATOR');
    const cookie = await signIn(a, name, password);
    ok(await a.gql('{ me { name } }', {}, { token }));
    ok(await asCookie(a, cookie, '{ me { name } }'));
    ok(await a.gql('mutation($i: UpdateOperatorInput!) { updateOperator(input: $i) { disabled } }', { i: { id, disabled: true } }));
    expect(codes(await a.gql('{ me { name } }', {}, { token }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await asCookie(a, cookie, '{ me { name } }'))).toEqual(['UNAUTHENTICATED']);
  });

  it('ends with the session a password change or a sign-out ended, on the next request', async () => {
    const { name, password } = await operatorWithToken('VIEWER');
    const [kept, other, signedOut] = [await signIn(a, name, password), await signIn(a, name, password), await signIn(a, name, password)];
    for (const cookie of [kept, other, signedOut]) ok(await asCookie(a, cookie, '{ me { name } }'));
    rememberSecrets('a-new-password-long-enough');
    ok(await asCookie(a, kept, 'mutation($i: SetPasswordInput!) { setPassword(input: $i) { name } }', { i: { currentPassword: password, newPassword: 'a-new-password-long-enough' } }));
    ok(await asCookie(a, kept, '{ me { name } }'));
    expect(codes(await asCookie(a, other, '{ me { name } }'))).toEqual(['UNAUTHENTICATED']);
    expect((await a.fetch('/auth/session', { method: 'DELETE', headers: { ...CSRF, cookie: kept } })).status).toBe(204);
    expect(codes(await asCookie(a, kept, '{ me { name } }'))).toEqual(['UNAUTHENTICATED']);
  });

  it('is refused within a second on another gateway on the same database', async () => {
    const { token, tokenId } = await operatorWithToken('OPERATOR');
    ok(await b.gql('{ me { name } }', {}, { token }));
    ok(await a.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: tokenId }));
    await pause(1_050);
    expect(codes(await b.gql('{ me { name } }', {}, { token }))).toEqual(['UNAUTHENTICATED']);
  });
});
