import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimIdempotencyKey,
  getIdempotencyKey,
  releaseIdempotencyKey,
  settleIdempotencyKey,
  type ClaimIdempotencyKeyInput,
} from './idempotency.js';
import { openMemoryStore, openStore, type Store } from './open.js';

function claim(overrides: Partial<ClaimIdempotencyKeyInput> = {}): ClaimIdempotencyKeyInput {
  return { key: 'key-1', threadId: 'ses_a', fingerprint: 'fp-1', messageId: 'msg_1', now: 1_000, ...overrides };
}

describe('idempotency keys', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('claims a new key as PENDING', async () => {
    const result = await claimIdempotencyKey(store.db, claim());
    const expected = {
      key: 'key-1',
      threadId: 'ses_a',
      fingerprint: 'fp-1',
      messageId: 'msg_1',
      status: 'PENDING',
      errorCode: null,
      createdAt: 1_000,
      updatedAt: 1_000,
    };
    expect(result).toEqual({ claimed: true, entry: expected });
    expect(await getIdempotencyKey(store.db, 'key-1')).toEqual(expected);
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

  it('releases a key so it can be claimed again', async () => {
    await claimIdempotencyKey(store.db, claim());
    expect(await releaseIdempotencyKey(store.db, 'key-1')).toBe(true);
    expect(await releaseIdempotencyKey(store.db, 'key-1')).toBe(false);
    const again = await claimIdempotencyKey(store.db, claim({ messageId: 'msg_2' }));
    expect(again).toMatchObject({ claimed: true, entry: { messageId: 'msg_2' } });
  });
});

describe('idempotency keys across connections', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'otto-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets exactly one of two gateways sharing the file claim a key', async () => {
    const a = await openStore({ dataDir: dir });
    const b = await openStore({ dataDir: dir });
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          claimIdempotencyKey(i % 2 === 0 ? a.db : b.db, claim({ messageId: `msg_${i}` })),
        ),
      );
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.entry.messageId)).size).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
