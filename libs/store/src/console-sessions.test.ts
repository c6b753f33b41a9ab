import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createConsoleSession,
  deleteConsoleSession,
  deleteConsoleSessionById,
  deleteExpiredConsoleSessions,
  deleteOperatorConsoleSessions,
  findConsoleSession,
  listConsoleSessions,
  touchConsoleSession,
  type CreateConsoleSessionInput,
} from './console-sessions.js';
import { isStoreError } from './errors.js';
import type { Store } from './open.js';
import { createOperator } from './operators.js';
import { openTestStore, STORE_DIALECTS } from './test-stores.js';

describe.each(STORE_DIALECTS)('console sessions on %s', (dialect) => {
  let store: Store;
  let alice: string;
  let bob: string;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    alice = (await createOperator(store.db, { name: 'alice', role: 'ADMIN', passwordHash: 'h', now: 0 })).id;
    bob = (await createOperator(store.db, { name: 'bob', role: 'VIEWER', passwordHash: 'h', now: 0 })).id;
  });
  afterEach(() => store.close());

  function session(overrides: Partial<CreateConsoleSessionInput> = {}): CreateConsoleSessionInput {
    return { operatorId: alice, now: 0, ttlMs: 10_000, userAgent: null, clientAddress: null, ...overrides };
  }

  it('finds the session its secret names until it expires, and stores only the secret\'s hash', async () => {
    const { id, secret } = await createConsoleSession(
      store.db,
      session({ now: 1_000, ttlMs: 500, userAgent: 'Firefox/140', clientAddress: '127.0.0.1' }),
    );
    const expected = {
      id,
      operatorId: alice,
      userAgent: 'Firefox/140',
      clientAddress: '127.0.0.1',
      createdAt: 1_000,
      lastSeenAt: 1_000,
      expiresAt: 1_500,
    };
    expect(await findConsoleSession(store.db, secret, 1_200)).toEqual(expected);
    expect(await findConsoleSession(store.db, secret, 1_499)).toEqual(expected);
    expect(await findConsoleSession(store.db, secret, 1_500)).toBeUndefined();
    expect(await findConsoleSession(store.db, 'made-up', 1_200)).toBeUndefined();
    expect(await findConsoleSession(store.db, id, 1_200)).toBeUndefined();
    const rows = await store.db.selectFrom('console_sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('forgets a session on sign-out and prunes expired ones', async () => {
    const kept = await createConsoleSession(store.db, session({ ttlMs: 10_000 }));
    const expired = await createConsoleSession(store.db, session({ ttlMs: 10 }));
    await deleteConsoleSession(store.db, kept.secret);
    expect(await findConsoleSession(store.db, kept.secret, 1)).toBeUndefined();
    expect(await deleteExpiredConsoleSessions(store.db, 100)).toBe(1);
    expect(await findConsoleSession(store.db, expired.secret, 5)).toBeUndefined();
  });

  it('sweeps exactly the sessions that no longer sign anyone in', async () => {
    await createConsoleSession(store.db, session({ ttlMs: 50 }));
    const endingNow = await createConsoleSession(store.db, session({ ttlMs: 100 }));
    const live = await createConsoleSession(store.db, session({ ttlMs: 150 }));
    expect(await findConsoleSession(store.db, endingNow.secret, 100)).toBeUndefined();

    expect(await deleteExpiredConsoleSessions(store.db, 100)).toBe(2);
    expect(await store.db.selectFrom('console_sessions').select('expires_at').execute()).toEqual([{ expires_at: 150 }]);
    expect(await findConsoleSession(store.db, live.secret, 100)).toMatchObject({ id: live.id });
    expect(await deleteExpiredConsoleSessions(store.db, 100)).toBe(0);
  });

  it('lists an operator\'s unexpired sessions, newest first, and no one else\'s', async () => {
    await createConsoleSession(store.db, session({ now: 100, ttlMs: 50 }));
    const older = await createConsoleSession(store.db, session({ now: 200, userAgent: 'older' }));
    const newer = await createConsoleSession(store.db, session({ now: 300, userAgent: 'newer' }));
    await createConsoleSession(store.db, session({ operatorId: bob, now: 400 }));

    const listed = await listConsoleSessions(store.db, alice, 1_000);
    expect(listed.map((s) => s.id)).toEqual([newer.id, older.id]);
    expect(listed.map((s) => s.userAgent)).toEqual(['newer', 'older']);
    expect(await listConsoleSessions(store.db, alice, 10_250)).toEqual([expect.objectContaining({ id: newer.id })]);
    expect(await listConsoleSessions(store.db, 'missing', 1_000)).toEqual([]);
  });

  it('signs one device out by id, returning the session it deleted', async () => {
    const kept = await createConsoleSession(store.db, session());
    const gone = await createConsoleSession(store.db, session({ clientAddress: '10.0.0.2' }));
    expect(await deleteConsoleSessionById(store.db, gone.id)).toMatchObject({
      id: gone.id,
      operatorId: alice,
      clientAddress: '10.0.0.2',
    });
    expect(await findConsoleSession(store.db, gone.secret, 1)).toBeUndefined();
    expect(await deleteConsoleSessionById(store.db, gone.id)).toBeUndefined();
    expect(await findConsoleSession(store.db, kept.secret, 1)).toMatchObject({ id: kept.id });
  });

  it('signs an operator out everywhere but the current session, leaving other operators signed in', async () => {
    const current = await createConsoleSession(store.db, session());
    const other1 = await createConsoleSession(store.db, session());
    const other2 = await createConsoleSession(store.db, session());
    const bobs = await createConsoleSession(store.db, session({ operatorId: bob }));

    expect(await deleteOperatorConsoleSessions(store.db, alice, { except: current.id })).toBe(2);
    expect(await findConsoleSession(store.db, current.secret, 1)).toMatchObject({ id: current.id });
    for (const gone of [other1, other2]) expect(await findConsoleSession(store.db, gone.secret, 1)).toBeUndefined();
    expect(await findConsoleSession(store.db, bobs.secret, 1)).toMatchObject({ id: bobs.id });
  });

  it('signs an operator out everywhere', async () => {
    await createConsoleSession(store.db, session());
    await createConsoleSession(store.db, session());
    const bobs = await createConsoleSession(store.db, session({ operatorId: bob }));

    expect(await deleteOperatorConsoleSessions(store.db, alice)).toBe(2);
    expect(await listConsoleSessions(store.db, alice, 1)).toEqual([]);
    expect(await deleteOperatorConsoleSessions(store.db, alice)).toBe(0);
    expect(await findConsoleSession(store.db, bobs.secret, 1)).toMatchObject({ id: bobs.id });
  });

  it('writes lastSeenAt at most once a minute, never backwards', async () => {
    const { id, secret } = await createConsoleSession(store.db, session({ now: 1_000, ttlMs: 1_000_000 }));
    const lastSeenAt = async () => (await findConsoleSession(store.db, secret, 1_000))?.lastSeenAt;

    await touchConsoleSession(store.db, id, 1_000 + 60_000);
    expect(await lastSeenAt()).toBe(1_000);
    await touchConsoleSession(store.db, id, 1_000 + 60_001);
    expect(await lastSeenAt()).toBe(61_001);
    await touchConsoleSession(store.db, id, 61_001 + 30_000);
    expect(await lastSeenAt()).toBe(61_001);
    await touchConsoleSession(store.db, id, 500);
    expect(await lastSeenAt()).toBe(61_001);
    await touchConsoleSession(store.db, 'missing', 500_000);
  });

  it('refuses a session for an operator that does not exist with INVALID_ARGUMENT', async () => {
    const error = await createConsoleSession(store.db, session({ operatorId: 'missing' })).catch((e: unknown) => e);
    expect(isStoreError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(await store.db.selectFrom('console_sessions').selectAll().execute()).toEqual([]);
  });

  it('goes with its operator', async () => {
    const alices = await createConsoleSession(store.db, session());
    const bobs = await createConsoleSession(store.db, session({ operatorId: bob }));
    await store.db.deleteFrom('operators').where('id', '=', alice).execute();
    expect(await findConsoleSession(store.db, alices.secret, 1)).toBeUndefined();
    expect(await findConsoleSession(store.db, bobs.secret, 1)).toMatchObject({ id: bobs.id });
  });
});
