import { openMemoryStore, type Store } from '@otto/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tokenMatches } from './secret-compare.js';
import { FailureLimiter } from './failure-limiter.js';

describe('tokenMatches', () => {
  it('accepts only the exact token, whatever the lengths', () => {
    expect(tokenMatches('a-long-operator-token', 'a-long-operator-token')).toBe(true);
    expect(tokenMatches('a-long-operator-token', 'a-long-operator-tokeN')).toBe(false);
    expect(tokenMatches('a-long-operator-token', 'short')).toBe(false);
    expect(tokenMatches('a-long-operator-token', '')).toBe(false);
  });
});

describe('FailureLimiter', () => {
  const limits = { freeFailures: 2, maxFailures: 5, windowMs: 60_000, maxDelayMs: 400 };
  let store: Store;
  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(() => store.close());

  it('lets a few failures pass, then holds each one back longer, up to a ceiling, then refuses', async () => {
    const limiter = new FailureLimiter({ store, limits });
    const delays = [];
    for (let i = 0; i < 5; i += 1) delays.push((await limiter.fail('10.0.0.1', 1_000)).delayMs);
    expect(delays).toEqual([0, 0, 250, 400, 400]);
    expect(await limiter.retryAfterMs('10.0.0.1', 1_000)).toBe(60_000);
    expect(await limiter.retryAfterMs('10.0.0.1', 31_000)).toBe(30_000);
  });

  it('counts per client: one client\'s failures never refuse another', async () => {
    const limiter = new FailureLimiter({ store, limits });
    for (let i = 0; i < 5; i += 1) await limiter.fail('10.0.0.1', 0);
    expect(await limiter.retryAfterMs('10.0.0.1', 0)).toBeGreaterThan(0);
    expect(await limiter.retryAfterMs('10.0.0.2', 0)).toBe(0);
    expect((await limiter.fail('10.0.0.2', 0)).delayMs).toBe(0);
  });

  it('forgets failures once the window has passed', async () => {
    const limiter = new FailureLimiter({ store, limits });
    for (let i = 0; i < 5; i += 1) await limiter.fail('a', 0);
    expect(await limiter.retryAfterMs('a', 60_001)).toBe(0);
    expect((await limiter.fail('a', 60_001)).delayMs).toBe(0);
  });

  it('counts with every other limiter on the database, and refuses the failure that finds the limit passed elsewhere', async () => {
    const here = new FailureLimiter({ store, limits });
    const elsewhere = new FailureLimiter({ store, limits });
    // This limiter's memory says one failure; the database has five once the other gateway is done.
    await here.fail('10.0.0.1', 1_000);
    for (let i = 0; i < 4; i += 1) await elsewhere.fail('10.0.0.1', 1_000);
    expect(await elsewhere.retryAfterMs('10.0.0.1', 1_000)).toBe(60_000);
    expect(await here.fail('10.0.0.1', 2_000)).toEqual({ delayMs: 0, retryAfterMs: 59_000 });
    expect(await here.retryAfterMs('10.0.0.1', 2_000)).toBe(59_000);
  });

  it('asks the database about a client at most once a second, so a success costs no query, and sees another gateway\'s lock after that', async () => {
    const here = new FailureLimiter({ store, limits });
    const elsewhere = new FailureLimiter({ store, limits });
    const reads = vi.spyOn(store.db, 'selectFrom');
    const now = Date.now();
    expect(await Promise.all([here.retryAfterMs('10.0.0.1', now), here.retryAfterMs('10.0.0.1', now)])).toEqual([0, 0]);
    expect(await here.retryAfterMs('10.0.0.1', now)).toBe(0);
    expect(reads).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i += 1) await elsewhere.fail('10.0.0.1', now);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await here.retryAfterMs('10.0.0.1', now)).toBe(60_000);
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
