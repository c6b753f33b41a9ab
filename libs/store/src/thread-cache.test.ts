import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './open.js';
import { openTestStore, STORE_DIALECTS } from './test-stores.js';
import { loadThreadCache, saveThreadCache, type ThreadCacheEntry } from './thread-cache.js';

function entry(sessionId: string, cachedAt: number, title = `title of ${sessionId}`): ThreadCacheEntry {
  return { sessionId, title, createdAt: 10, updatedAt: 20, cachedAt };
}

describe.each(STORE_DIALECTS)('thread cache on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('saves entries and loads all of them or only those asked for', async () => {
    await saveThreadCache(store.db, [entry('ses_a', 1), entry('ses_b', 1), entry('ses_c', 1)]);
    const all = await loadThreadCache(store.db);
    expect([...all.keys()].sort()).toEqual(['ses_a', 'ses_b', 'ses_c']);
    expect(all.get('ses_a')).toEqual(entry('ses_a', 1));

    const some = await loadThreadCache(store.db, ['ses_b', 'ses_missing']);
    expect([...some.keys()]).toEqual(['ses_b']);
    expect(await loadThreadCache(store.db, [])).toEqual(new Map());
  });

  it('replaces an entry with newer metadata, but not with older', async () => {
    await saveThreadCache(store.db, [entry('ses_a', 100, 'first')]);
    await saveThreadCache(store.db, [{ ...entry('ses_a', 200, 'renamed'), updatedAt: 150 }]);
    expect((await loadThreadCache(store.db)).get('ses_a')).toMatchObject({ title: 'renamed', updatedAt: 150 });
    await saveThreadCache(store.db, [entry('ses_a', 50, 'stale')]);
    expect((await loadThreadCache(store.db)).get('ses_a')?.title).toBe('renamed');
  });

  it('keeps the newest of duplicate entries in one batch', async () => {
    await saveThreadCache(store.db, [entry('ses_a', 2, 'newest'), entry('ses_a', 1, 'older')]);
    expect((await loadThreadCache(store.db)).get('ses_a')?.title).toBe('newest');
  });

  it('saves a batch larger than one statement', async () => {
    const entries = Array.from({ length: 450 }, (_, i) => entry(`ses_${i}`, i));
    await saveThreadCache(store.db, entries);
    const loaded = await loadThreadCache(store.db);
    expect(loaded.size).toBe(450);
    expect(loaded.get('ses_449')).toEqual(entries[449]);
  });

  it('accepts an empty batch', async () => {
    await saveThreadCache(store.db, []);
    expect((await loadThreadCache(store.db)).size).toBe(0);
  });
});
