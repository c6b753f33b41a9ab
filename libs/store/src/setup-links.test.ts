import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './open.js';
import { createOperator, getOperatorCredentials } from './operators.js';
import { addSetupLink, deleteSetupLinksBefore, hasSetupLink, useSetupLink } from './setup-links.js';
import { openTestStore, STORE_DIALECTS } from './test-stores.js';

describe.each(STORE_DIALECTS)('first-start links on %s', (dialect) => {
  let store: Store;
  let adminId: string;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    adminId = (await createOperator(store.db, { name: 'admin', role: 'ADMIN', passwordHash: null, now: 1 })).id;
  });
  afterEach(async () => {
    await store.close();
  });

  const use = (secret: string, passwordHash: string, notBefore = 0) => useSetupLink(store.db, { secret, notBefore, operatorId: adminId, passwordHash });

  it('keeps only the hash of a link, and finds it by its secret while it is fresh', async () => {
    await addSetupLink(store.db, 'secret-one', 100);
    expect(await store.db.selectFrom('setup_links').select('secret_hash').execute()).toEqual([{ secret_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(await hasSetupLink(store.db, 'secret-one', 100)).toBe(true);
    expect(await hasSetupLink(store.db, 'secret-one', 101)).toBe(false);
    expect(await hasSetupLink(store.db, 'secret-two', 0)).toBe(false);
  });

  it('sets the first password with any unspent link, and spends them all', async () => {
    await addSetupLink(store.db, 'printed-by-a', 10);
    await addSetupLink(store.db, 'printed-by-b', 11);
    expect(await use('printed-by-b', 'hash-1')).toMatchObject({ id: adminId, name: 'admin' });
    expect((await getOperatorCredentials(store.db, 'admin'))?.passwordHash).toBe('hash-1');
    expect(await use('printed-by-a', 'hash-2')).toBeUndefined();
    expect(await store.db.selectFrom('setup_links').selectAll().execute()).toEqual([]);
  });

  it('changes nothing for an unknown or stale link', async () => {
    await addSetupLink(store.db, 'old', 10);
    expect(await use('unknown', 'hash-1')).toBeUndefined();
    expect(await use('old', 'hash-1', 11)).toBeUndefined();
    expect((await getOperatorCredentials(store.db, 'admin'))?.passwordHash).toBeNull();
    expect(await hasSetupLink(store.db, 'old', 0)).toBe(true);
  });

  it('lets one of two uses at once choose the password', async () => {
    await addSetupLink(store.db, 'shared', 10);
    const outcomes = await Promise.all([use('shared', 'hash-1'), use('shared', 'hash-2')]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const chosen = outcomes[0] ? 'hash-1' : 'hash-2';
    expect((await getOperatorCredentials(store.db, 'admin'))?.passwordHash).toBe(chosen);
  });

  it('does not take a link once the password was set another way', async () => {
    await addSetupLink(store.db, 'late', 10);
    await store.db.updateTable('operators').set({ password_hash: 'set-by-an-admin' }).execute();
    expect(await use('late', 'hash-1')).toBeUndefined();
    expect((await getOperatorCredentials(store.db, 'admin'))?.passwordHash).toBe('set-by-an-admin');
  });

  it('sweeps links made before a time', async () => {
    await addSetupLink(store.db, 'old', 10);
    await addSetupLink(store.db, 'new', 20);
    await deleteSetupLinksBefore(store.db, 20);
    expect(await hasSetupLink(store.db, 'old', 0)).toBe(false);
    expect(await hasSetupLink(store.db, 'new', 0)).toBe(true);
  });
});
