import { describe, expect, it } from 'vitest';
import { openMemoryStore } from './open.js';
import { pingDatabase } from './ping.js';

describe('pingDatabase', () => {
  it('resolves while the database answers, and rejects once it is gone', async () => {
    const store = await openMemoryStore();
    await expect(pingDatabase(store.db)).resolves.toBeUndefined();
    await store.close();
    await expect(pingDatabase(store.db)).rejects.toThrow();
  });
});
