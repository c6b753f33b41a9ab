import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimIdempotencyKey,
  deleteIdempotencyKeysBefore,
  getIdempotencyKey,
  IDEMPOTENCY_LEASE_MS,
  releaseIdempotencyLease,
  renewIdempotencyLease,
  settleIdempotencyKey,
  type ClaimIdempotencyKeyInput,
  type ClaimIdempotencyKeyResult,
  type IdempotencyEntry,
} from './idempotency.js';
import type { Store } from './open.js';
import { openSharedTestStores, openTestStore, STORE_DIALECTS } from './test-stores.js';

function claim(overrides: Partial<ClaimIdempotencyKeyInput> = {}): ClaimIdempotencyKeyInput {
  return { key: 'key-1', threadId: 'ses_a', fingerprint: 'fp-1', messageId: 'msg_1', now: 1_000, ...overrides };
}

/** The lease a successful claim holds. */
function leaseOf(result: ClaimIdempotencyKeyResult): { key: string; owner: string } {
  if (!result.claimed) throw new Error('expected the claim to win');
  return { key: result.entry.key, owner: result.entry.leaseOwner };
}

/** Ends the first claim's attempt the way a send does: settled, lease let go. */
async function endAttempt(store: Store, claimed: ClaimIdempotencyKeyResult, status: 'ACCEPTED' | 'FAILED', now: number) {
  const lease = leaseOf(claimed);
  await settleIdempotencyKey(store.db, lease.key, { status, errorCode: status === 'FAILED' ? 'UPSTREAM_UNAVAILABLE' : null, now, leaseOwner: lease.owner });
  await releaseIdempotencyLease(store.db, lease);
}

describe.each(STORE_DIALECTS)('idempotency keys on %s', (dialect) => {
  let store: Store;
  /** The entry `claim()` stores, as read back. */
  const stored = (overrides: Partial<IdempotencyEntry> = {}): IdempotencyEntry => ({
    key: 'key-1',
    threadId: 'ses_a',
    fingerprint: 'fp-1',
    messageId: 'msg_1',
    status: 'PENDING',
    errorCode: null,
    createdAt: 1_000,
    updatedAt: 1_000,
    leaseOwner: expect.any(String),
    leaseUntil: 1_000 + IDEMPOTENCY_LEASE_MS,
    ...overrides,
  });

  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('claims a new key as PENDING, leased to the claimer', async () => {
    const result = await claimIdempotencyKey(store.db, claim());
    expect(result).toEqual({ claimed: true, entry: stored() });
    expect(await getIdempotencyKey(store.db, 'key-1')).toEqual(stored({ leaseOwner: leaseOf(result).owner }));
    expect(await getIdempotencyKey(store.db, 'key-missing')).toBeUndefined();
  });

  it('does not claim a held key and returns the holder entry', async () => {
    await claimIdempotencyKey(store.db, claim());
    const second = await claimIdempotencyKey(store.db, claim({ fingerprint: 'fp-2', messageId: 'msg_2', now: 2_000 }));
    expect(second).toEqual({ claimed: false, entry: expect.objectContaining({ fingerprint: 'fp-1', messageId: 'msg_1' }) });
  });

  it('lets exactly one of two concurrent claims win', async () => {
    const results = await Promise.all([
      claimIdempotencyKey(store.db, claim({ messageId: 'msg_a' })),
      claimIdempotencyKey(store.db, claim({ messageId: 'msg_b' })),
    ]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    const winner = results.find((r) => r.claimed)?.entry.messageId;
    expect(results.map((r) => r.entry.messageId)).toEqual([winner, winner]);
  });

  it('settles a key as ACCEPTED or FAILED', async () => {
    await claimIdempotencyKey(store.db, claim());
    expect(await settleIdempotencyKey(store.db, 'key-1', { status: 'FAILED', errorCode: 'UPSTREAM_TIMEOUT', now: 2_000 })).toBe(true);
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({
      status: 'FAILED',
      errorCode: 'UPSTREAM_TIMEOUT',
      createdAt: 1_000,
      updatedAt: 2_000,
    });
    await settleIdempotencyKey(store.db, 'key-1', { status: 'ACCEPTED', now: 3_000 });
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({ status: 'ACCEPTED', errorCode: null, updatedAt: 3_000 });
    expect(await settleIdempotencyKey(store.db, 'key-missing', { status: 'ACCEPTED', now: 3_000 })).toBe(false);
  });

  it('keeps the error code of a send that surely failed', async () => {
    await claimIdempotencyKey(store.db, claim());
    await settleIdempotencyKey(store.db, 'key-1', { status: 'FAILED', errorCode: 'UPSTREAM_UNAVAILABLE', now: 2_000 });
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({
      status: 'FAILED',
      errorCode: 'UPSTREAM_UNAVAILABLE',
      updatedAt: 2_000,
    });
  });

  it('lets a retry take over a FAILED key as PENDING, keeping its message id', async () => {
    await endAttempt(store, await claimIdempotencyKey(store.db, claim()), 'FAILED', 2_000);
    const retry = await claimIdempotencyKey(store.db, claim({ messageId: 'msg_retry', now: 3_000 }));
    expect(retry).toEqual({ claimed: true, entry: stored({ updatedAt: 3_000, leaseUntil: 3_000 + IDEMPOTENCY_LEASE_MS }) });
    expect(await getIdempotencyKey(store.db, 'key-1')).toEqual(retry.entry);
  });

  it('does not let a different request take over a FAILED key', async () => {
    await claimIdempotencyKey(store.db, claim());
    await settleIdempotencyKey(store.db, 'key-1', { status: 'FAILED', errorCode: 'UPSTREAM_UNAVAILABLE', now: 2_000 });
    const reuse = await claimIdempotencyKey(store.db, claim({ fingerprint: 'fp-2', messageId: 'msg_2', now: 3_000 }));
    expect(reuse).toEqual({
      claimed: false,
      entry: expect.objectContaining({ fingerprint: 'fp-1', status: 'FAILED', errorCode: 'UPSTREAM_UNAVAILABLE' }),
    });
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({ status: 'FAILED', updatedAt: 2_000 });
  });

  it('lets a retry lease an ACCEPTED key, which stays ACCEPTED as of its acceptance', async () => {
    await endAttempt(store, await claimIdempotencyKey(store.db, claim()), 'ACCEPTED', 2_000);
    const retry = await claimIdempotencyKey(store.db, claim({ messageId: 'msg_retry', now: 3_000 }));
    expect(retry).toEqual({
      claimed: true,
      entry: stored({ status: 'ACCEPTED', updatedAt: 2_000, leaseUntil: 3_000 + IDEMPOTENCY_LEASE_MS }),
    });
  });

  it('does not let a retry in while the lease holds, and lets it take over once the lease ran out', async () => {
    const first = await claimIdempotencyKey(store.db, claim());
    const during = await claimIdempotencyKey(store.db, claim({ messageId: 'msg_2', now: 1_000 + IDEMPOTENCY_LEASE_MS - 1 }));
    expect(during).toEqual({ claimed: false, entry: stored({ leaseOwner: leaseOf(first).owner }) });
    const after = await claimIdempotencyKey(store.db, claim({ messageId: 'msg_2', now: 1_000 + IDEMPOTENCY_LEASE_MS }));
    expect(after).toEqual({
      claimed: true,
      entry: stored({ updatedAt: 1_000 + IDEMPOTENCY_LEASE_MS, leaseUntil: 1_000 + 2 * IDEMPOTENCY_LEASE_MS }),
    });
    expect(leaseOf(after).owner).not.toBe(leaseOf(first).owner);
  });

  it('renews a held lease from now, and not one another attempt took over', async () => {
    const first = leaseOf(await claimIdempotencyKey(store.db, claim()));
    expect(await renewIdempotencyLease(store.db, { ...first, now: 25_000 })).toBe(true);
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({ leaseOwner: first.owner, leaseUntil: 25_000 + IDEMPOTENCY_LEASE_MS });
    // Renewed, the lease still holds where the first one would have run out.
    expect(await claimIdempotencyKey(store.db, claim({ now: 1_000 + IDEMPOTENCY_LEASE_MS }))).toMatchObject({ claimed: false });
    const takeover = leaseOf(await claimIdempotencyKey(store.db, claim({ now: 25_000 + IDEMPOTENCY_LEASE_MS })));
    expect(await renewIdempotencyLease(store.db, { ...first, now: 60_000 })).toBe(false);
    expect(await renewIdempotencyLease(store.db, { key: 'key-missing', owner: first.owner, now: 60_000 })).toBe(false);
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({ leaseOwner: takeover.owner });
  });

  it('frees a released key at once, and a late release or settlement of a lost lease changes nothing', async () => {
    const first = leaseOf(await claimIdempotencyKey(store.db, claim()));
    await releaseIdempotencyLease(store.db, first);
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({ status: 'PENDING', leaseOwner: null, leaseUntil: null });
    const second = leaseOf(await claimIdempotencyKey(store.db, claim({ now: 2_000 })));
    await releaseIdempotencyLease(store.db, first);
    expect(await settleIdempotencyKey(store.db, 'key-1', { status: 'FAILED', now: 2_500, leaseOwner: first.owner })).toBe(false);
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({ status: 'PENDING', leaseOwner: second.owner, updatedAt: 2_000 });
    expect(await settleIdempotencyKey(store.db, 'key-1', { status: 'ACCEPTED', now: 3_000, leaseOwner: second.owner })).toBe(true);
    expect(await getIdempotencyKey(store.db, 'key-1')).toMatchObject({ status: 'ACCEPTED', leaseOwner: second.owner });
  });

  it('sweeps the keys last touched before the cutoff, whatever their status', async () => {
    await claimIdempotencyKey(store.db, claim({ key: 'old-pending', now: 1_000 }));
    await claimIdempotencyKey(store.db, claim({ key: 'old-accepted', now: 1_000 }));
    await settleIdempotencyKey(store.db, 'old-accepted', { status: 'ACCEPTED', now: 1_500 });
    await claimIdempotencyKey(store.db, claim({ key: 'old-failed', now: 1_000 }));
    await settleIdempotencyKey(store.db, 'old-failed', { status: 'FAILED', now: 1_999 });
    await claimIdempotencyKey(store.db, claim({ key: 'settled-at-cutoff', now: 1_000 }));
    await settleIdempotencyKey(store.db, 'settled-at-cutoff', { status: 'ACCEPTED', now: 2_000 });
    await claimIdempotencyKey(store.db, claim({ key: 'new', now: 3_000 }));

    expect(await deleteIdempotencyKeysBefore(store.db, 2_000)).toBe(3);
    const left = await store.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute();
    expect(left.map((row) => row.key)).toEqual(['new', 'settled-at-cutoff']);
    expect(await deleteIdempotencyKeysBefore(store.db, 2_000)).toBe(0);
  });

  it('lets a swept key be claimed afresh', async () => {
    await claimIdempotencyKey(store.db, claim());
    await deleteIdempotencyKeysBefore(store.db, 2_000);
    const again = await claimIdempotencyKey(store.db, claim({ messageId: 'msg_2', now: 3_000 }));
    expect(again).toMatchObject({ claimed: true, entry: { messageId: 'msg_2', createdAt: 3_000 } });
  });
});

describe.each(STORE_DIALECTS)('idempotency keys across connections on %s', (dialect) => {
  let gateways: { stores: Store[]; close: () => Promise<void> };
  let a: Store;
  let b: Store;
  beforeEach(async () => {
    gateways = await openSharedTestStores(dialect, 2);
    [a, b] = gateways.stores as [Store, Store];
  });
  afterEach(() => gateways.close());

  it('lets exactly one of two gateways sharing the database claim a key', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        claimIdempotencyKey(i % 2 === 0 ? a.db : b.db, claim({ messageId: `msg_${i}` })),
      ),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.messageId)).size).toBe(1);
  });

  it('lets exactly one of ten retries from two gateways take over a FAILED key', async () => {
    await endAttempt(a, await claimIdempotencyKey(a.db, claim()), 'FAILED', 2_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        claimIdempotencyKey(i % 2 === 0 ? a.db : b.db, claim({ messageId: `msg_retry_${i}`, now: 3_000 + i })),
      ),
    );
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.map((r) => [r.entry.status, r.entry.messageId])).toEqual(
      Array.from({ length: 10 }, () => ['PENDING', 'msg_1']),
    );
  });

  it('lets exactly one of ten retries from two gateways take over a lease that ran out', async () => {
    const crashed = leaseOf(await claimIdempotencyKey(a.db, claim()));
    const expired = 1_000 + IDEMPOTENCY_LEASE_MS;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => claimIdempotencyKey(i % 2 === 0 ? a.db : b.db, claim({ messageId: `msg_retry_${i}`, now: expired + i }))),
    );
    const winners = results.filter((r) => r.claimed);
    expect(winners).toHaveLength(1);
    const owners = new Set(results.map((r) => r.entry.leaseOwner));
    expect(owners).toEqual(new Set([winners[0]?.entry.leaseOwner]));
    expect(owners.has(crashed.owner)).toBe(false);
  });
});
