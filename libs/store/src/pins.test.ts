import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './open.js';
import { createOperator } from './operators.js';
import { listPins, pinThread, unpinThread } from './pins.js';
import { openSharedTestStores, openTestStore, STORE_DIALECTS } from './test-stores.js';

const MAX = 3;

describe.each(STORE_DIALECTS)('thread pins on %s', (dialect) => {
  let store: Store;
  let alice: string;
  let bob: string;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    alice = (await createOperator(store.db, { name: 'alice', role: 'VIEWER', passwordHash: null, now: 1 })).id;
    bob = (await createOperator(store.db, { name: 'bob', role: 'OPERATOR', passwordHash: null, now: 1 })).id;
  });
  afterEach(async () => {
    await store.close();
  });

  const pin = (operatorId: string, threadId: string, at: number) => pinThread(store.db, { operatorId, threadId, at, max: MAX });

  it('pins threads per operator, oldest pin first', async () => {
    expect(await pin(alice, 'ses_b', 20)).toBe('pinned');
    expect(await pin(alice, 'ses_a', 10)).toBe('pinned');
    expect(await pin(bob, 'ses_c', 30)).toBe('pinned');
    expect(await listPins(store.db, alice)).toEqual([
      { threadId: 'ses_a', pinnedAt: 10 },
      { threadId: 'ses_b', pinnedAt: 20 },
    ]);
    expect(await listPins(store.db, bob)).toEqual([{ threadId: 'ses_c', pinnedAt: 30 }]);
  });

  it('keeps the first time when a thread is pinned again', async () => {
    await pin(alice, 'ses_a', 10);
    expect(await pin(alice, 'ses_a', 99)).toBe('already');
    expect(await listPins(store.db, alice)).toEqual([{ threadId: 'ses_a', pinnedAt: 10 }]);
  });

  it('lists pins made within one millisecond in the order they were made', async () => {
    for (const id of ['ses_z', 'ses_a', 'ses_m']) expect(await pin(alice, id, 500)).toBe('pinned');
    expect((await listPins(store.db, alice)).map((p) => p.threadId)).toEqual(['ses_z', 'ses_a', 'ses_m']);
  });

  it('refuses a pin past the most an operator may hold, and counts each operator alone', async () => {
    for (const id of ['ses_1', 'ses_2', 'ses_3']) expect(await pin(alice, id, 1)).toBe('pinned');
    expect(await pin(alice, 'ses_4', 2)).toBe('full');
    // Pinning one already held is no new pin, so a full set still says so.
    expect(await pin(alice, 'ses_1', 2)).toBe('already');
    expect(await pin(bob, 'ses_4', 2)).toBe('pinned');
    expect((await listPins(store.db, alice)).map((p) => p.threadId)).toEqual(['ses_1', 'ses_2', 'ses_3']);
    expect(await unpinThread(store.db, alice, 'ses_2')).toBe(true);
    expect(await pin(alice, 'ses_4', 3)).toBe('pinned');
  });

  it('unpins, saying whether there was a pin', async () => {
    await pin(alice, 'ses_a', 10);
    expect(await unpinThread(store.db, bob, 'ses_a')).toBe(false);
    expect(await unpinThread(store.db, alice, 'ses_a')).toBe(true);
    expect(await unpinThread(store.db, alice, 'ses_a')).toBe(false);
    expect(await listPins(store.db, alice)).toEqual([]);
  });

  it('refuses a pin for an operator that does not exist', async () => {
    await expect(pin('missing', 'ses_a', 1)).rejects.toThrow(/foreign key/i);
  });

  it('never lets pins made at once pass the limit', async () => {
    // PostgreSQL: three connections, as three gateways. SQLite: one, as in each gateway process; in one
    // process, two connections' write locks would wait on each other synchronously.
    const shared = dialect === 'postgres' ? await openSharedTestStores(dialect, 3) : { stores: [store, store, store], close: async () => undefined };
    try {
      const [first] = shared.stores;
      const carol = (await createOperator(first!.db, { name: 'carol', role: 'VIEWER', passwordHash: null, now: 1 })).id;
      const outcomes = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          pinThread(shared.stores[i % 3]!.db, { operatorId: carol, threadId: `ses_${i}`, at: i, max: MAX }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'pinned')).toHaveLength(MAX);
      expect(outcomes.filter((outcome) => outcome === 'full')).toHaveLength(9 - MAX);
      expect(await listPins(first!.db, carol)).toHaveLength(MAX);
    } finally {
      await shared.close();
    }
  });
});
