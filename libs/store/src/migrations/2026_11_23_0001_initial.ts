import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead. It takes Kysely<any> so it
// keeps compiling, unchanged, whatever the Database type becomes later.
/* eslint-disable @typescript-eslint/no-explicit-any */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_bindings')
    .addColumn('session_id', 'text', (col) => col.primaryKey())
    .addColumn('binding_key', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('bound_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint')
    .execute();
  await db.schema.createIndex('session_bindings_bound_at_idx').on('session_bindings').column('bound_at').execute();

  await db.schema
    .createTable('thread_cache')
    .addColumn('session_id', 'text', (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('cached_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('audit_events')
    // AUTOINCREMENT (not a bare rowid alias) so ids never go back after deletes: the id is the page cursor.
    // PostgreSQL has no AUTOINCREMENT: an identity column, whose sequence never goes back either, and
    // 64-bit like SQLite's rowid. Added after release, which changed nothing for SQLite (the same statement
    // as before), while no PostgreSQL database could have run this migration: the store refused them then.
    .$call((table) =>
      db.getExecutor().adapter instanceof PostgresAdapter
        ? table.addColumn('id', 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity())
        : table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement()),
    )
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('operation_name', 'text')
    .addColumn('thread_id', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull().check(sql`outcome in ('OK', 'ERROR')`))
    .addColumn('error_code', 'text')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('request_id', 'text', (col) => col.notNull())
    .addColumn('client_address', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  // Newest first is primary-key order; the filtered listings end in id so they stay index-ordered too.
  await db.schema.createIndex('audit_events_thread_id_idx').on('audit_events').columns(['thread_id', 'id']).execute();
  await db.schema.createIndex('audit_events_action_idx').on('audit_events').columns(['action', 'id']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('thread_id', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('message_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('PENDING', 'ACCEPTED', 'FAILED')`))
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('audit_events').execute();
  await db.schema.dropTable('thread_cache').execute();
  await db.schema.dropTable('session_bindings').execute();
}
