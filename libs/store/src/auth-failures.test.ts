import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearAuthFailures,
  deleteAuthFailuresBefore,
  getAuthFailures,
  recordAuthFailure,
  type RecordAuthFailureInput,
} from './auth-failures.js';
import type { Store } from './open.js';
import { openSharedTestStores, openTestStore, STORE_DIALECTS } from './test-stores.js';

const failure = (overrides: Partial<RecordAuthFailureInput> = {}): RecordAuthFailureInput => ({
  scope: 'token',
  subject: '10.0.0.1',
  now: 1_000,
  windowMs: 60_000,
  ...overrides,
});

describe.each(STORE_DIALECTS)('sign-in failure counts on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('counts failures per scope and subject, from the first one', async () => {
    expect(await recordAuthFailure(store.db, failure())).toEqual({
      scope: 'token',
      subject: '10.0.0.1',
      failures: 1,
      firstFailedAt: 1_000,
      lastFailedAt: 1_000,
    });
    expect(await recordAuthFailure(store.db, failure({ now: 2_000 }))).toMatchObject({ failures: 2, firstFailedAt: 1_000, lastFailedAt: 2_000 });
    expect(await recordAuthFailure(store.db, failure({ subject: '10.0.0.2', now: 3_000 }))).toMatchObject({ failures: 1 });
    expect(await recordAuthFailure(store.db, failure({ scope: 'password', now: 3_000 }))).toMatchObject({ failures: 1 });
    expect(await getAuthFailures(store.db, 'token', '10.0.0.1')).toMatchObject({ failures: 2 });
    expect(await getAuthFailures(store.db, 'token', '10.0.0.3')).toBeUndefined();
  });

  it('starts a new count once the window from the first failure has passed, and never without a window', async () => {
    await recordAuthFailure(store.db, failure());
    await recordAuthFailure(store.db, failure({ now: 61_000 }));
    expect(await getAuthFailures(store.db, 'token', '10.0.0.1')).toMatchObject({ failures: 2, firstFailedAt: 1_000 });
    expect(await recordAuthFailure(store.db, failure({ now: 61_001 }))).toMatchObject({ failures: 1, firstFailedAt: 61_001, lastFailedAt: 61_001 });

    const forever = failure({ scope: 'password', subject: 'bob@10.0.0.1', windowMs: undefined });
    await recordAuthFailure(store.db, forever);
    expect(await recordAuthFailure(store.db, { ...forever, now: 10_000_000 })).toMatchObject({ failures: 2, firstFailedAt: 1_000 });
  });

  it('keeps the latest failure the latest when a gateway with a slower clock records one', async () => {
    await recordAuthFailure(store.db, failure({ now: 5_000 }));
    expect(await recordAuthFailure(store.db, failure({ now: 4_000 }))).toMatchObject({ failures: 2, lastFailedAt: 5_000 });
  });

  it('forgets one subject\'s failures when cleared, and no one else\'s', async () => {
    await recordAuthFailure(store.db, failure({ scope: 'password', subject: 'bob@a' }));
    await recordAuthFailure(store.db, failure({ scope: 'password', subject: 'bob@b' }));
    await clearAuthFailures(store.db, 'password', 'bob@a');
    expect(await getAuthFailures(store.db, 'password', 'bob@a')).toBeUndefined();
    expect(await getAuthFailures(store.db, 'password', 'bob@b')).toMatchObject({ failures: 1 });
  });

  it('deletes the counts whose last failure came before the cutoff', async () => {
    await recordAuthFailure(store.db, failure({ subject: 'old', now: 1_000 }));
    await recordAuthFailure(store.db, failure({ subject: 'renewed', now: 1_000 }));
    await recordAuthFailure(store.db, failure({ subject: 'renewed', now: 9_000 }));
    expect(await deleteAuthFailuresBefore(store.db, 5_000)).toBe(1);
    expect(await getAuthFailures(store.db, 'token', 'old')).toBeUndefined();
    expect(await getAuthFailures(store.db, 'token', 'renewed')).toMatchObject({ failures: 2 });
  });
});

describe.each(STORE_DIALECTS)('sign-in failure counts across connections on %s', (dialect) => {
  let gateways: { stores: Store[]; close: () => Promise<void> };
  beforeEach(async () => {
    gateways = await openSharedTestStores(dialect, 2);
  });
  afterEach(() => gateways.close());

  it('counts every one of many failures recorded at once by two gateways', async () => {
    const [a, b] = gateways.stores as [Store, Store];
    const counts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => recordAuthFailure((i % 2 === 0 ? a : b).db, failure({ now: 1_000 + i }))),
    );
    // Each failure saw the count it made: no two read the same one and wrote it back.
    expect(counts.map((count) => count.failures).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await getAuthFailures(b.db, 'token', '10.0.0.1')).toMatchObject({ failures: 40, firstFailedAt: 1_000, lastFailedAt: 1_039 });
  });
});
