import { describe, expect, it } from 'vitest';
import { openTestStore, STORE_DIALECTS } from './test-stores.js';
import { pingDatabase } from './ping.js';

describe.each(STORE_DIALECTS)('pingDatabase on %s', (dialect) => {
  it('resolves while the database answers, and rejects once it is gone', async () => {
    const store = await openTestStore(dialect);
    await expect(pingDatabase(store.db)).resolves.toBeUndefined();
    await store.close();
    await expect(pingDatabase(store.db)).rejects.toThrow();
  });
});
