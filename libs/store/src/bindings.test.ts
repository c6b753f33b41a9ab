import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindSession, getBinding, listBindings, markBindingsSeen, unbindSession } from './bindings.js';
import type { Store } from './open.js';
import { openTestStore, STORE_DIALECTS } from './test-stores.js';

describe.each(STORE_DIALECTS)('bindings on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('binds a session and reads it back', async () => {
    const binding = await bindSession(store.db, { sessionId: 'ses_a', key: 'chat:1', source: 'telegram', boundAt: 100 });
    const expected = { sessionId: 'ses_a', key: 'chat:1', source: 'telegram', boundAt: 100, lastSeenAt: null, server: 'default' };
    expect(binding).toEqual(expected);
    expect(await getBinding(store.db, 'ses_a')).toEqual(expected);
    expect(await getBinding(store.db, 'ses_missing')).toBeUndefined();
  });

  it('keeps boundAt when bound again with the same key and source', async () => {
    await bindSession(store.db, { sessionId: 'ses_a', key: 'chat:1', source: 'telegram', boundAt: 100 });
    const again = await bindSession(store.db, { sessionId: 'ses_a', key: 'chat:1', source: 'telegram', boundAt: 200 });
    expect(again.boundAt).toBe(100);
  });

  it('takes the new key, source and time when rebound differently', async () => {
    await bindSession(store.db, { sessionId: 'ses_a', key: 'chat:1', source: 'telegram', boundAt: 100 });
    await markBindingsSeen(store.db, ['ses_a'], 150);
    const newKey = await bindSession(store.db, { sessionId: 'ses_a', key: 'chat:2', source: 'telegram', boundAt: 200 });
    expect(newKey).toEqual({ sessionId: 'ses_a', key: 'chat:2', source: 'telegram', boundAt: 200, lastSeenAt: 150, server: 'default' });
    const newSource = await bindSession(store.db, { sessionId: 'ses_a', key: 'chat:2', source: 'console', boundAt: 300 });
    expect(newSource).toMatchObject({ source: 'console', boundAt: 300 });
    expect(await listBindings(store.db)).toHaveLength(1);
  });

  it('keeps the OpenCode server that holds the session, and moves it with a rebind', async () => {
    await bindSession(store.db, { sessionId: 'ses_a', key: 'k', source: 'api', boundAt: 100, server: 'web' });
    expect((await getBinding(store.db, 'ses_a'))?.server).toBe('web');
    await bindSession(store.db, { sessionId: 'ses_a', key: 'k', source: 'api', boundAt: 100, server: 'ml' });
    expect((await listBindings(store.db)).map((binding) => binding.server)).toEqual(['ml']);
  });

  it('unbinds, saying whether there was a binding', async () => {
    await bindSession(store.db, { sessionId: 'ses_a', key: 'k', source: 'api', boundAt: 100 });
    expect(await unbindSession(store.db, 'ses_a')).toBe(true);
    expect(await unbindSession(store.db, 'ses_a')).toBe(false);
    expect(await getBinding(store.db, 'ses_a')).toBeUndefined();
  });

  it('lists every binding, newest bound first', async () => {
    await bindSession(store.db, { sessionId: 'ses_old', key: 'k1', source: 'scheduler', boundAt: 100 });
    await bindSession(store.db, { sessionId: 'ses_new', key: 'k2', source: 'console', boundAt: 300 });
    await bindSession(store.db, { sessionId: 'ses_mid', key: 'k3', source: 'api', boundAt: 200 });
    const ids = (await listBindings(store.db)).map((binding) => binding.sessionId);
    expect(ids).toEqual(['ses_new', 'ses_mid', 'ses_old']);
  });

  it('marks bindings seen, never moving lastSeenAt backwards', async () => {
    await bindSession(store.db, { sessionId: 'ses_a', key: 'k1', source: 'api', boundAt: 100 });
    await bindSession(store.db, { sessionId: 'ses_b', key: 'k2', source: 'api', boundAt: 100 });
    await bindSession(store.db, { sessionId: 'ses_c', key: 'k3', source: 'api', boundAt: 100 });
    await markBindingsSeen(store.db, ['ses_a', 'ses_b', 'ses_unbound'], 500);
    await markBindingsSeen(store.db, ['ses_a'], 400);
    await markBindingsSeen(store.db, [], 900);
    const seen = Object.fromEntries((await listBindings(store.db)).map((b) => [b.sessionId, b.lastSeenAt]));
    expect(seen).toEqual({ ses_a: 500, ses_b: 500, ses_c: null });
    expect(await getBinding(store.db, 'ses_unbound')).toBeUndefined();
  });
});
