import { openMemoryStore, type Store } from '@otto/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PasswordLockout } from './password-lockout.js';

describe('PasswordLockout', () => {
  const limits = { freeFailures: 2, firstLockMs: 1_000, maxLockMs: 3_000 };
  let store: Store;
  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(() => store.close());

  it('locks a client out of an account after the free failures, doubling the lock from the last failure up to a ceiling', async () => {
    const lockout = new PasswordLockout({ store, limits });
    const locks = [];
    for (let i = 0; i < 5; i += 1) {
      await lockout.fail('Bob', '10.0.0.1', 10_000);
      locks.push(await lockout.retryAfterMs('bob', '10.0.0.1', 10_000));
    }
    expect(locks).toEqual([0, 1_000, 2_000, 3_000, 3_000]);
    expect(await lockout.retryAfterMs('bob', '10.0.0.1', 12_000)).toBe(1_000);
    expect(await lockout.retryAfterMs('bob', '10.0.0.2', 10_000)).toBe(0);
    expect(await lockout.retryAfterMs('alice', '10.0.0.1', 10_000)).toBe(0);
  });

  it('counts with every other gateway on the database, and forgets on the right password', async () => {
    const here = new PasswordLockout({ store, limits });
    const elsewhere = new PasswordLockout({ store, limits });
    await here.fail('bob', '10.0.0.1', 10_000);
    await elsewhere.fail('bob', '10.0.0.1', 10_000);
    expect(await here.retryAfterMs('bob', '10.0.0.1', 10_000)).toBe(1_000);
    await elsewhere.succeed('BOB', '10.0.0.1');
    expect(await here.retryAfterMs('bob', '10.0.0.1', 10_000)).toBe(0);
  });

  it('takes any name a sign-in form may send, however long or strange', async () => {
    const lockout = new PasswordLockout({ store, limits: { freeFailures: 1 } });
    const name = `\u0000${'x'.repeat(100_000)}`;
    await lockout.fail(name, '10.0.0.1', 10_000);
    expect(await lockout.retryAfterMs(name, '10.0.0.1', 10_000)).toBeGreaterThan(0);
  });
});
