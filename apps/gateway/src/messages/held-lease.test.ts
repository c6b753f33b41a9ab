import { OpencodeError } from '@otto/opencode';
import { claimIdempotencyKey, getIdempotencyKey, IDEMPOTENCY_LEASE_MS, openMemoryStore, type Store } from '@otto/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { HeldLease } from './held-lease.js';

let store: Store;
let now: number;
const clock = () => now;
const claim = (at: number) => claimIdempotencyKey(store.db, { key: 'key-lease-001', threadId: 'ses_a', fingerprint: 'fp', messageId: 'msg_1', now: at });

async function hold(): Promise<HeldLease> {
  const result = await claim(now);
  if (!result.claimed) throw new Error('expected to claim the key');
  const { leaseOwner, leaseUntil } = result.entry;
  return new HeldLease({ store, lease: { key: 'key-lease-001', owner: leaseOwner }, until: leaseUntil, now: clock, renewEveryMs: 10 });
}

beforeEach(async () => {
  store = await openMemoryStore();
  now = 1_000_000;
});
afterEach(() => store.close());

describe('a held lease', () => {
  it('is renewed from the time of each renewal, so it outlives its first term', async () => {
    const lease = await hold();
    now += IDEMPOTENCY_LEASE_MS - 1;
    await eventually(async () => (await getIdempotencyKey(store.db, 'key-lease-001'))?.leaseUntil === now + IDEMPOTENCY_LEASE_MS, 10_000, 5);
    now += IDEMPOTENCY_LEASE_MS - 1;
    await eventually(async () => (await getIdempotencyKey(store.db, 'key-lease-001'))?.leaseUntil === now + IDEMPOTENCY_LEASE_MS, 10_000, 5);
    expect(await claim(now)).toMatchObject({ claimed: false });
    expect(lease.lost.aborted).toBe(false);
    await lease.release();
  });

  it('is lost once another attempt took the key over, and says the send may have gone out', async () => {
    const lease = await hold();
    // Its renewals held up (a stalled database, a paused process): the lease runs out and is taken.
    await store.db.updateTable('idempotency_keys').set({ lease_until: now }).execute();
    expect(await claim(now)).toMatchObject({ claimed: true });
    await eventually(async () => lease.lost.aborted, 10_000, 5);
    expect(lease.lost.reason).toBeInstanceOf(OpencodeError);
    expect(lease.lost.reason).toMatchObject({ reached: 'maybe' });
    await lease.release();
  });

  it('once released, lets the next attempt claim the key at once and is renewed no more', async () => {
    const lease = await hold();
    await lease.release();
    expect(await getIdempotencyKey(store.db, 'key-lease-001')).toMatchObject({ leaseOwner: null, leaseUntil: null });
    const next = await claim(now + 1);
    expect(next).toMatchObject({ claimed: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await getIdempotencyKey(store.db, 'key-lease-001')).toMatchObject({ leaseOwner: next.entry.leaseOwner, leaseUntil: now + 1 + IDEMPOTENCY_LEASE_MS });
    expect(lease.lost.aborted).toBe(false);
  });
});
