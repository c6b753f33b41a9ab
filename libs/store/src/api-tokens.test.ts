import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createApiToken,
  findApiTokenBySecret,
  getApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
  type CreateApiTokenInput,
} from './api-tokens.js';
import { isStoreError } from './errors.js';
import type { Store } from './open.js';
import { openTestStore, STORE_DIALECTS } from './test-stores.js';
import { createOperator } from './operators.js';
import type { Role } from './roles.js';

describe.each(STORE_DIALECTS)('API tokens on %s', (dialect) => {
  let store: Store;
  let alice: string;
  let bob: string;
  const token = (overrides: Partial<CreateApiTokenInput> = {}): CreateApiTokenInput => ({
    operatorId: alice,
    name: 'ci',
    role: 'OPERATOR',
    expiresAt: null,
    now: 1_000,
    ...overrides,
  });

  beforeEach(async () => {
    store = await openTestStore(dialect);
    alice = (await createOperator(store.db, { name: 'alice', role: 'ADMIN', passwordHash: null, now: 0 })).id;
    bob = (await createOperator(store.db, { name: 'bob', role: 'VIEWER', passwordHash: null, now: 0 })).id;
  });
  afterEach(async () => {
    await store.close();
  });

  it('issues an otto_ secret of 32 random bytes and stores only its SHA-256', async () => {
    const { secret, apiToken } = await createApiToken(store.db, token({ expiresAt: 9_000 }));
    expect(secret).toMatch(/^otto_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice('otto_'.length), 'base64url')).toHaveLength(32);
    expect(apiToken).toEqual({
      id: expect.any(String),
      operatorId: alice,
      name: 'ci',
      role: 'OPERATOR',
      createdAt: 1_000,
      lastUsedAt: null,
      expiresAt: 9_000,
      revokedAt: null,
    });

    const rows = await store.db.selectFrom('api_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(secret.slice('otto_'.length));
  });

  it('issues a different secret each time', async () => {
    const first = await createApiToken(store.db, token());
    const second = await createApiToken(store.db, token());
    expect(first.secret).not.toBe(second.secret);
    expect(first.apiToken.id).not.toBe(second.apiToken.id);
  });

  it('finds a token by its secret whatever its state, and nothing by any other string', async () => {
    const expired = await createApiToken(store.db, token({ name: 'expired', expiresAt: 1_500 }));
    const revoked = await createApiToken(store.db, token({ name: 'revoked' }));
    await revokeApiToken(store.db, revoked.apiToken.id, 2_000);

    expect(await findApiTokenBySecret(store.db, expired.secret)).toEqual(expired.apiToken);
    expect(await findApiTokenBySecret(store.db, revoked.secret)).toMatchObject({ name: 'revoked', revokedAt: 2_000 });
    expect(await findApiTokenBySecret(store.db, `${expired.secret}x`)).toBeUndefined();
    expect(await findApiTokenBySecret(store.db, expired.secret.slice('otto_'.length))).toBeUndefined();
    const [row] = await store.db.selectFrom('api_tokens').select('secret_hash').execute();
    expect(await findApiTokenBySecret(store.db, row?.secret_hash ?? '')).toBeUndefined();
  });

  it('gets a token by id and lists tokens newest first, all of them or one operator\'s', async () => {
    const a1 = await createApiToken(store.db, token({ name: 'a1', now: 1_000 }));
    const b1 = await createApiToken(store.db, token({ operatorId: bob, name: 'b1', role: 'VIEWER', now: 2_000 }));
    const a2 = await createApiToken(store.db, token({ name: 'a2', now: 3_000 }));

    expect(await getApiToken(store.db, b1.apiToken.id)).toEqual(b1.apiToken);
    expect(await getApiToken(store.db, 'missing')).toBeUndefined();
    expect((await listApiTokens(store.db)).map((t) => t.name)).toEqual(['a2', 'b1', 'a1']);
    expect(await listApiTokens(store.db, {})).toHaveLength(3);
    expect(await listApiTokens(store.db, { operatorId: alice })).toEqual([a2.apiToken, a1.apiToken]);
    expect(await listApiTokens(store.db, { operatorId: 'missing' })).toEqual([]);
  });

  it('revokes a token and keeps the first revokedAt when revoked again', async () => {
    const { apiToken } = await createApiToken(store.db, token());
    expect(await revokeApiToken(store.db, apiToken.id, 2_000)).toEqual({ ...apiToken, revokedAt: 2_000 });
    expect(await revokeApiToken(store.db, apiToken.id, 3_000)).toEqual({ ...apiToken, revokedAt: 2_000 });
    expect(await getApiToken(store.db, apiToken.id)).toMatchObject({ revokedAt: 2_000 });
    expect(await revokeApiToken(store.db, 'missing', 3_000)).toBeUndefined();
  });

  it('writes lastUsedAt at most once a minute, never backwards', async () => {
    const { apiToken } = await createApiToken(store.db, token());
    const lastUsedAt = async () => (await getApiToken(store.db, apiToken.id))?.lastUsedAt;

    await touchApiToken(store.db, apiToken.id, 10_000);
    expect(await lastUsedAt()).toBe(10_000);
    await touchApiToken(store.db, apiToken.id, 10_000 + 59_999);
    expect(await lastUsedAt()).toBe(10_000);
    await touchApiToken(store.db, apiToken.id, 10_000 + 60_000);
    expect(await lastUsedAt()).toBe(10_000);
    await touchApiToken(store.db, apiToken.id, 10_000 + 60_001);
    expect(await lastUsedAt()).toBe(70_001);
    await touchApiToken(store.db, apiToken.id, 5_000);
    expect(await lastUsedAt()).toBe(70_001);
    await touchApiToken(store.db, 'missing', 500_000);
  });

  it('touches with one UPDATE that carries the once-a-minute condition', async () => {
    const { apiToken } = await createApiToken(store.db, token());
    const sent: string[] = [];
    const db = store.db.withPlugin({
      transformQuery: ({ node }) => {
        sent.push(node.kind);
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    await touchApiToken(db, apiToken.id, 100_000);
    await touchApiToken(db, apiToken.id, 100_001);
    expect(sent).toEqual(['UpdateQueryNode', 'UpdateQueryNode']);
  });

  it('refuses an unknown operator or role with INVALID_ARGUMENT and stores nothing', async () => {
    for (const input of [token({ operatorId: 'missing' }), token({ role: 'ROOT' as Role })]) {
      const error = await createApiToken(store.db, input).catch((e: unknown) => e);
      expect(isStoreError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
    expect(await listApiTokens(store.db)).toEqual([]);
  });

  it('goes with its operator', async () => {
    const { secret } = await createApiToken(store.db, token());
    await createApiToken(store.db, token({ operatorId: bob }));
    await store.db.deleteFrom('operators').where('id', '=', alice).execute();
    expect(await findApiTokenBySecret(store.db, secret)).toBeUndefined();
    expect((await listApiTokens(store.db)).map((t) => t.operatorId)).toEqual([bob]);
  });
});
