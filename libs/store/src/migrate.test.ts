import { NO_MIGRATIONS, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigrator } from './migrate.js';
import { openMemoryStore, type Store } from './open.js';

const TABLES = ['audit_events', 'console_sessions', 'idempotency_keys', 'session_bindings', 'thread_cache'];

async function tableNames(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables();
  return tables.map((table) => table.name).sort();
}

describe('migrations', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openMemoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('bring an empty database to the latest schema', async () => {
    expect(await tableNames(store)).toEqual(TABLES);
    const migrations = await createMigrator(store.db).getMigrations();
    expect(migrations.map((m) => [m.name, m.executedAt !== undefined])).toEqual([
      ['2026_11_23_0001_initial', true],
      ['2026_11_23_0002_console_sessions', true],
    ]);
  });

  it('create the indexes the listings use', async () => {
    const { rows } = await sql<{ name: string }>`
      select name from sqlite_master where type = 'index' and name like '%_idx'
    `.execute(store.db);
    expect(rows.map((row) => row.name).sort()).toEqual([
      'audit_events_action_idx',
      'audit_events_thread_id_idx',
      'console_sessions_expires_at_idx',
      'session_bindings_bound_at_idx',
    ]);
  });

  it('migrate down to nothing and up again', async () => {
    const migrator = createMigrator(store.db);
    expect((await migrator.migrateTo(NO_MIGRATIONS)).error).toBeUndefined();
    expect(await tableNames(store)).toEqual([]);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await tableNames(store)).toEqual(TABLES);
  });
});
