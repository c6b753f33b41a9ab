import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createConsoleSession,
  deleteConsoleSession,
  deleteExpiredConsoleSessions,
  isConsoleSessionValid,
} from './console-sessions.js';
import { openMemoryStore, type Store } from './open.js';

let store: Store;
beforeEach(async () => {
  store = await openMemoryStore();
});
afterEach(() => store.close());

describe('console sessions', () => {
  it('accepts the secret it issued until it expires, and stores only its hash', async () => {
    const secret = await createConsoleSession(store.db, { now: 1_000, ttlMs: 500 });
    expect(await isConsoleSessionValid(store.db, secret, 1_200)).toBe(true);
    expect(await isConsoleSessionValid(store.db, secret, 1_500)).toBe(false);
    expect(await isConsoleSessionValid(store.db, 'made-up', 1_200)).toBe(false);
    const rows = await store.db.selectFrom('console_sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('forgets a session on sign-out and prunes expired ones', async () => {
    const kept = await createConsoleSession(store.db, { now: 0, ttlMs: 10_000 });
    const expired = await createConsoleSession(store.db, { now: 0, ttlMs: 10 });
    await deleteConsoleSession(store.db, kept);
    expect(await isConsoleSessionValid(store.db, kept, 1)).toBe(false);
    expect(await deleteExpiredConsoleSessions(store.db, 100)).toBe(1);
    expect(await isConsoleSessionValid(store.db, expired, 5)).toBe(false);
  });

  it('sweeps exactly the sessions that no longer sign anyone in', async () => {
    await createConsoleSession(store.db, { now: 0, ttlMs: 50 });
    const endingNow = await createConsoleSession(store.db, { now: 0, ttlMs: 100 });
    const live = await createConsoleSession(store.db, { now: 0, ttlMs: 150 });
    expect(await isConsoleSessionValid(store.db, endingNow, 100)).toBe(false);

    expect(await deleteExpiredConsoleSessions(store.db, 100)).toBe(2);
    expect(await store.db.selectFrom('console_sessions').select('expires_at').execute()).toEqual([{ expires_at: 150 }]);
    expect(await isConsoleSessionValid(store.db, live, 100)).toBe(true);
    expect(await deleteExpiredConsoleSessions(store.db, 100)).toBe(0);
  });
});
