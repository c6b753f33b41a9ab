import { tmpdir } from 'node:os';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, NO_MIGRATIONS, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteAuditEventsBefore } from './audit.js';
import { deleteAuthFailuresBefore } from './auth-failures.js';
import { deleteExpiredConsoleSessions } from './console-sessions.js';
import type { Database } from './database.js';
import { deleteIdempotencyKeysBefore } from './idempotency.js';
import { createMigrator, migrateToLatest } from './migrate.js';
import { openStore, type Store } from './open.js';
import { createTestDatabase, openTestStore, STORE_DIALECTS } from './test-stores.js';

const TABLES = [
  'api_tokens',
  'audit_events',
  'auth_failures',
  'console_sessions',
  'idempotency_keys',
  'message_archive',
  'operators',
  'session_bindings',
  'setup_links',
  'thread_cache',
  'thread_pins',
];

async function tableNames(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables();
  // SQLite's full-text index of the archive (a virtual table and its shadow tables): message-archive.test.ts checks it.
  return tables.map((table) => table.name).filter((name) => !name.startsWith('message_archive_fts')).sort();
}

describe.each(STORE_DIALECTS)('migrations on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
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
      ['2026_11_27_0003_idempotency_sweep_index', true],
      ['2026_11_27_0004_operators', true],
      ['2026_11_27_0005_audit_retention_index', true],
      ['2026_11_27_0006_audit_target', true],
      ['2026_11_27_0007_idempotency_lease', true],
      ['2026_11_27_0008_binding_server', true],
      ['2026_11_27_0009_auth_failures', true],
      ['2026_11_27_0010_message_archive', true],
      ['2026_11_27_0011_thread_pins', true],
      ['2026_11_27_0012_setup_links', true],
    ]);
  });

  it('create the indexes the listings and sweeps use', async () => {
    const { rows } = await (dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and name like '%_idx'`
      : sql<{ name: string }>`select indexname as name from pg_indexes
          where schemaname = current_schema() and indexname like '%_idx'`
    ).execute(store.db);
    expect(rows.map((row) => row.name).sort()).toEqual([
      'api_tokens_operator_id_idx',
      'audit_events_action_idx',
      'audit_events_actor_idx',
      'audit_events_at_idx',
      'audit_events_thread_id_idx',
      'auth_failures_last_failed_at_idx',
      'console_sessions_expires_at_idx',
      'console_sessions_operator_id_idx',
      'idempotency_keys_updated_at_idx',
      ...(dialect === 'postgres' ? ['message_archive_search_idx'] : []),
      'message_archive_thread_id_idx',
      'session_bindings_bound_at_idx',
    ]);
  });

  it('delete the console sessions of before operators, so a pre-upgrade cookie signs its browser out', async () => {
    const migrator = createMigrator(store.db);
    expect((await migrator.migrateTo('2026_11_27_0003_idempotency_sweep_index')).error).toBeUndefined();
    // A session of before operators, valid for ever.
    await sql`insert into console_sessions (id_hash, created_at, expires_at) values ('old', 0, ${Number.MAX_SAFE_INTEGER})`
      .execute(store.db);
    await migrateToLatest(store.db);
    expect(await store.db.selectFrom('console_sessions').selectAll().execute()).toEqual([]);
    const columns = (await store.db.introspection.getTables()).find((table) => table.name === 'console_sessions')?.columns;
    expect(columns?.map((column) => column.name).sort()).toEqual([
      'client_address',
      'created_at',
      'expires_at',
      'id',
      'last_seen_at',
      'operator_id',
      'secret_hash',
      'user_agent',
    ]);
  });

  it('migrate down to before operators and back, console sessions taking the shape of each side', async () => {
    const columnsOf = async (table: string) =>
      (await store.db.introspection.getTables())
        .find((t) => t.name === table)
        ?.columns.map((column) => column.name)
        .sort();
    const migrator = createMigrator(store.db);
    expect((await migrator.migrateTo('2026_11_27_0003_idempotency_sweep_index')).error).toBeUndefined();
    expect(await tableNames(store)).toEqual(TABLES.filter((t) => t !== 'api_tokens' && t !== 'auth_failures' && t !== 'operators' && t !== 'thread_pins' && t !== 'message_archive' && t !== 'setup_links'));
    expect(await columnsOf('console_sessions')).toEqual(['created_at', 'expires_at', 'id_hash']);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await tableNames(store)).toEqual(TABLES);
    expect(await columnsOf('console_sessions')).toContain('operator_id');
  });

  it('enforce foreign keys: a token or session cannot name an operator that does not exist', async () => {
    const insert = sql`insert into api_tokens (id, operator_id, name, role, secret_hash, created_at)
      values ('t1', 'missing', 'ci', 'VIEWER', 'h', 0)`.execute(store.db);
    await expect(insert).rejects.toThrow(/foreign key/i);
  });

  it('migrate down to nothing and up again', async () => {
    const migrator = createMigrator(store.db);
    expect((await migrator.migrateTo(NO_MIGRATIONS)).error).toBeUndefined();
    expect(await tableNames(store)).toEqual([]);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await tableNames(store)).toEqual(TABLES);
  });
});

describe('migrations on sqlite', () => {
  const sweeps: Array<[string, (db: Kysely<Database>) => Promise<number>, string]> = [
    ['idempotency keys', (db) => deleteIdempotencyKeysBefore(db, 1), 'idempotency_keys_updated_at_idx'],
    ['console sessions', (db) => deleteExpiredConsoleSessions(db, 1), 'console_sessions_expires_at_idx'],
    ['audit events', (db) => deleteAuditEventsBefore(db, 1), 'audit_events_at_idx'],
    ['sign-in failure counts', (db) => deleteAuthFailuresBefore(db, 1), 'auth_failures_last_failed_at_idx'],
  ];
  it.each(sweeps)('let the housekeeping sweep of %s search an index instead of scanning', async (_table, sweep, index) => {
    // A database of its own, logging what it is sent: the plan asked for is that of the sweep's very statement.
    const sent: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }),
      log: (event) => void sent.push(event.query),
    });
    try {
      await migrateToLatest(db);
      sent.length = 0;
      await sweep(db);
      expect(sent).toHaveLength(1);
      const [query] = sent as [CompiledQuery];
      const plan = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const searchesIndex = new RegExp(`^SEARCH .*INDEX ${index} `);
      expect(plan.rows.map((row) => row.detail)).toEqual([expect.stringMatching(searchesIndex)]);
    } finally {
      await db.destroy();
    }
  });
});

describe('migrations on postgres', () => {
  it('run once when several stores open one new database at once', async () => {
    const databaseUrl = await createTestDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ databaseUrl, dataDir: tmpdir() })));
    try {
      // A second run of a migration would have failed its store's opening: the tables exist already.
      const [store] = stores as [Store];
      expect(await tableNames(store)).toEqual(TABLES);
      const migrations = await createMigrator(store.db).getMigrations();
      expect(migrations.every((migration) => migration.executedAt !== undefined)).toBe(true);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
