import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindSession, getBinding } from './bindings.js';
import { isStoreError, type StoreError } from './errors.js';
import { openMemoryStore, openStore } from './open.js';
import { fileDatabaseUrl, openTestStore } from './test-stores.js';

describe('openStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'otto-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates <dataDir>/otto.sqlite in WAL mode and keeps data across close and reopen', async () => {
    const dataDir = join(dir, 'data');
    const store = await openStore({ dataDir });
    const file = join(dataDir, 'otto.sqlite');
    expect(existsSync(file)).toBe(true);
    expect(store.dialect).toBe('sqlite');
    expect(store.describe()).toBe(`sqlite:${file}`);
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(rows[0]?.journal_mode).toBe('wal');
    await bindSession(store.db, { sessionId: 'ses_1', key: 'chat:1', source: 'telegram', boundAt: 1000 });
    await store.close();

    const reopened = await openStore({ dataDir });
    expect(await getBinding(reopened.db, 'ses_1')).toMatchObject({ key: 'chat:1', boundAt: 1000 });
    await reopened.close();
  });

  it.each([
    ['sqlite:<path>', (file: string) => `sqlite:${file}`],
    ['file:<path>', (file: string) => `file:${file}`],
    ['a file:// URL', (file: string) => pathToFileURL(file).href],
  ])('opens the file named by %s', async (_form, toUrl) => {
    const file = join(dir, 'nested', 'custom.sqlite');
    const store = await openStore({ databaseUrl: toUrl(file), dataDir: join(dir, 'unused') });
    expect(store.describe()).toBe(`sqlite:${file}`);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
    await store.close();
  });

  it('refuses an unwritable location with DATABASE_UNAVAILABLE naming the path', async () => {
    // A regular file standing where a folder should be: unwritable even for root.
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const error = await openStore({ dataDir: join(blocker, 'data') }).catch((e: unknown) => e);
    expect(isStoreError(error, 'DATABASE_UNAVAILABLE')).toBe(true);
    expect((error as StoreError).message).toContain(join(blocker, 'data', 'otto.sqlite'));
  });

  // Root writes through file modes, so these only run as an ordinary user.
  const asRoot = process.getuid?.() === 0;

  it.skipIf(asRoot)('refuses a read-only folder with DATABASE_UNAVAILABLE', async () => {
    await chmod(dir, 0o555);
    const error = await openStore({ dataDir: dir }).catch((e: unknown) => e);
    await chmod(dir, 0o755);
    expect(isStoreError(error, 'DATABASE_UNAVAILABLE')).toBe(true);
    expect((error as StoreError).message).toContain(join(dir, 'otto.sqlite'));
  });

  it.skipIf(asRoot)('refuses an up-to-date database file it may not write with DATABASE_UNAVAILABLE', async () => {
    await (await openStore({ dataDir: dir })).close();
    await chmod(join(dir, 'otto.sqlite'), 0o444);
    const error = await openStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(isStoreError(error, 'DATABASE_UNAVAILABLE')).toBe(true);
    expect((error as StoreError).message).toContain(join(dir, 'otto.sqlite'));
  });

  it('refuses a file that is not a database with DATABASE_UNAVAILABLE', async () => {
    const file = join(dir, 'garbage.sqlite');
    await writeFile(file, 'this is not an SQLite database, not even a little bit'.repeat(20));
    const error = await openStore({ databaseUrl: `sqlite:${file}`, dataDir: dir }).catch((e: unknown) => e);
    expect(isStoreError(error, 'DATABASE_UNAVAILABLE')).toBe(true);
    expect((error as StoreError).message).toContain(file);
  });

  it('refuses other URL schemes with UNSUPPORTED_DATABASE', async () => {
    const error = await openStore({ databaseUrl: 'mysql://root:hunter2@db/otto', dataDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(isStoreError(error, 'UNSUPPORTED_DATABASE')).toBe(true);
    expect((error as StoreError).message).not.toContain('hunter2');
  });
});

describe('openStore on PostgreSQL', () => {
  /** This test file's database, named with a password that the server (trusting local connections) ignores. */
  async function urlWithPassword(scheme = 'postgres'): Promise<{ url: string; described: string }> {
    const url = new URL(await fileDatabaseUrl());
    url.password = 'hunter2';
    const described = `postgres://${url.username}@${url.host}${url.pathname}`;
    return { url: `${scheme}:${url.href.slice(url.protocol.length)}`, described };
  }

  it.each(['postgres', 'postgresql'])('opens a %s:// URL, describing it without the password', async (scheme) => {
    const { url, described } = await urlWithPassword(scheme);
    const store = await openStore({ databaseUrl: `${url}?application_name=otto-test`, dataDir: '/nonexistent' });
    try {
      expect(store.dialect).toBe('postgres');
      expect(store.describe()).toBe(described.replace(/^postgres:/, `${scheme}:`));
      expect(store.describe()).not.toContain('hunter2');
    } finally {
      await store.close();
    }
  });

  it('keeps data across close and reopen, epoch milliseconds and counts reading as numbers', async () => {
    const { url } = await urlWithPassword();
    const store = await openTestStore('postgres');
    const now = Date.UTC(2026, 10, 27, 12);
    await bindSession(store.db, { sessionId: 'ses_1', key: 'chat:1', source: 'telegram', boundAt: now });
    await store.close();

    const reopened = await openStore({ databaseUrl: url, dataDir: '/nonexistent' });
    try {
      expect(await getBinding(reopened.db, 'ses_1')).toMatchObject({ key: 'chat:1', boundAt: now });
      const { count } = await reopened.db
        .selectFrom('session_bindings')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();
      expect(count).toBe(1);
    } finally {
      await reopened.close();
    }
  });

  it('refuses to read a bigint beyond a safe JS integer rather than round it', async () => {
    const store = await openTestStore('postgres');
    try {
      await sql`insert into thread_cache (session_id, title, created_at, updated_at, cached_at)
        values ('ses_big', 't', 9007199254740993, 0, 0)`.execute(store.db);
      await expect(store.db.selectFrom('thread_cache').selectAll().execute()).rejects.toThrow(/safe/);
    } finally {
      await store.close();
    }
  });

  it('refuses a server it cannot reach with DATABASE_UNAVAILABLE, without echoing the password', async () => {
    const error = await openStore({ databaseUrl: 'postgres://otto:hunter2@127.0.0.1:1/otto', dataDir: '/nonexistent' }).catch(
      (e: unknown) => e,
    );
    expect(isStoreError(error, 'DATABASE_UNAVAILABLE')).toBe(true);
    expect((error as StoreError).message).toContain('postgres://otto@127.0.0.1:1/otto');
    expect((error as StoreError).message).not.toContain('hunter2');
  });

  it('refuses a URL it cannot parse with UNSUPPORTED_DATABASE, without echoing it', async () => {
    const error = await openStore({ databaseUrl: 'postgres://otto:hunter2@[bad/otto', dataDir: '/nonexistent' }).catch(
      (e: unknown) => e,
    );
    expect(isStoreError(error, 'UNSUPPORTED_DATABASE')).toBe(true);
    expect((error as StoreError).message).not.toContain('hunter2');
  });
});

describe('openMemoryStore', () => {
  it('opens a private migrated database each time', async () => {
    const a = await openMemoryStore();
    const b = await openMemoryStore();
    await bindSession(a.db, { sessionId: 'ses_1', key: 'k', source: 'api', boundAt: 1 });
    expect(await getBinding(b.db, 'ses_1')).toBeUndefined();
    expect(a.describe()).toBe('sqlite::memory:');
    await Promise.all([a.close(), b.close()]);
  });
});
