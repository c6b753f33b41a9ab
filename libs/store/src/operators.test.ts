import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from './errors.js';
import type { Store } from './open.js';
import {
  countOperators,
  createOperator,
  getOperator,
  getOperatorCredentials,
  listOperators,
  markOperatorSignedIn,
  setOperatorPassword,
  updateOperator,
  type CreateOperatorInput,
} from './operators.js';
import type { Role } from './roles.js';
import { openSharedTestStores, openTestStore, STORE_DIALECTS } from './test-stores.js';

function operator(overrides: Partial<CreateOperatorInput> = {}): CreateOperatorInput {
  return { name: 'Alice', role: 'ADMIN', passwordHash: 'hash-1', now: 1_000, ...overrides };
}

describe.each(STORE_DIALECTS)('operators on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('creates an operator, enabled and never signed in, and reads it back by id', async () => {
    const created = await createOperator(store.db, operator());
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Alice',
      role: 'ADMIN',
      disabled: false,
      createdAt: 1_000,
      lastSignInAt: null,
    });
    expect(await getOperator(store.db, created.id)).toEqual(created);
    expect(await getOperator(store.db, 'missing')).toBeUndefined();
  });

  it('refuses a name already taken in any case with CONFLICT, keeping the first operator', async () => {
    const first = await createOperator(store.db, operator({ name: 'Alice' }));
    for (const name of ['Alice', 'alice', 'ALICE']) {
      const error = await createOperator(store.db, operator({ name, role: 'VIEWER' })).catch((e: unknown) => e);
      expect(isStoreError(error, 'CONFLICT')).toBe(true);
    }
    expect(await listOperators(store.db)).toEqual([first]);
  });

  it('refuses a blank name or an unknown role with INVALID_ARGUMENT', async () => {
    for (const input of [operator({ name: '' }), operator({ name: '  ' }), operator({ role: 'ROOT' as Role })]) {
      const error = await createOperator(store.db, input).catch((e: unknown) => e);
      expect(isStoreError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
    expect(await countOperators(store.db)).toBe(0);
  });

  it('finds the credentials by name in any case, with a null password hash kept as null', async () => {
    const alice = await createOperator(store.db, operator({ name: 'Alice', passwordHash: 'hash-a' }));
    const bot = await createOperator(store.db, operator({ name: 'deploy-bot', role: 'OPERATOR', passwordHash: null }));
    expect(await getOperatorCredentials(store.db, 'aLiCe')).toEqual({ operator: alice, passwordHash: 'hash-a' });
    expect(await getOperatorCredentials(store.db, 'DEPLOY-BOT')).toEqual({ operator: bot, passwordHash: null });
    expect(await getOperatorCredentials(store.db, 'mallory')).toBeUndefined();
  });

  it('lists operators by name whatever its case, and counts them', async () => {
    expect(await countOperators(store.db)).toBe(0);
    for (const name of ['carol', 'Bob', 'alice', 'Dave']) await createOperator(store.db, operator({ name }));
    expect((await listOperators(store.db)).map((o) => o.name)).toEqual(['alice', 'Bob', 'carol', 'Dave']);
    expect(await countOperators(store.db)).toBe(4);
  });

  it('changes the role and the disabled flag, alone or together', async () => {
    const { id } = await createOperator(store.db, operator());
    expect(await updateOperator(store.db, id, { role: 'VIEWER' })).toMatchObject({ role: 'VIEWER', disabled: false });
    expect(await updateOperator(store.db, id, { disabled: true })).toMatchObject({ role: 'VIEWER', disabled: true });
    expect(await updateOperator(store.db, id, { role: 'OPERATOR', disabled: false })).toMatchObject({
      role: 'OPERATOR',
      disabled: false,
    });
    expect(await updateOperator(store.db, id, {})).toMatchObject({ role: 'OPERATOR', disabled: false });
    expect(await getOperator(store.db, id)).toMatchObject({ role: 'OPERATOR', disabled: false });
  });

  it('answers undefined when updating an operator that does not exist, and refuses an unknown role', async () => {
    expect(await updateOperator(store.db, 'missing', { disabled: true })).toBeUndefined();
    expect(await updateOperator(store.db, 'missing', {})).toBeUndefined();
    const { id } = await createOperator(store.db, operator());
    const error = await updateOperator(store.db, id, { role: 'ROOT' as Role }).catch((e: unknown) => e);
    expect(isStoreError(error, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('replaces the password hash, reporting whether the operator exists', async () => {
    const { id } = await createOperator(store.db, operator({ passwordHash: null }));
    expect(await setOperatorPassword(store.db, id, 'hash-new')).toBe(true);
    expect((await getOperatorCredentials(store.db, 'alice'))?.passwordHash).toBe('hash-new');
    expect(await setOperatorPassword(store.db, 'missing', 'hash-new')).toBe(false);
  });

  it('records the last sign-in', async () => {
    const { id } = await createOperator(store.db, operator());
    await markOperatorSignedIn(store.db, id, 5_000);
    expect(await getOperator(store.db, id)).toMatchObject({ lastSignInAt: 5_000, createdAt: 1_000 });
  });
});

describe.each(STORE_DIALECTS)('operators across connections on %s', (dialect) => {
  it('lets exactly one of ten creators on two gateways sharing the database take a name, whatever its case', async () => {
    const gateways = await openSharedTestStores(dialect, 2);
    const [a, b] = gateways.stores as [Store, Store];
    try {
      const names = ['alice', 'Alice', 'ALICE', 'aLice', 'alicE'];
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          createOperator(i % 2 === 0 ? a.db : b.db, operator({ name: names[i % names.length] ?? 'alice' })),
        ),
      );
      const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(created).toHaveLength(1);
      expect(refused.every((error) => isStoreError(error, 'CONFLICT'))).toBe(true);
      expect(await listOperators(b.db)).toEqual(created);
    } finally {
      await gateways.close();
    }
  });
});
