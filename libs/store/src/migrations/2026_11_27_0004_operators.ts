import { sql, type Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */

// Named operators with roles, their API tokens, and console sessions that belong to an operator.
// A console session of before this migration belongs to no one, so the table is rebuilt empty: a
// pre-upgrade cookie then simply signs its browser out.

export async function up(db: Kysely<any>): Promise<void> {
  await atomically(db, async (db) => {
    await db.schema
      .createTable('operators')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      // The name lower-cased by the store: names are unique whatever their case.
      .addColumn('name_key', 'text', (col) => col.notNull().unique())
      .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('VIEWER', 'OPERATOR', 'ADMIN')`))
      .addColumn('password_hash', 'text')
      // An integer, not a boolean: SQLite has none, and 0/1 reads as a number from every dialect.
      .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0).check(sql`disabled in (0, 1)`))
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('last_sign_in_at', 'bigint')
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('operator_id', 'text', (col) => col.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('VIEWER', 'OPERATOR', 'ADMIN')`))
      .addColumn('secret_hash', 'text', (col) => col.notNull().unique())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('expires_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('api_tokens_operator_id_idx').on('api_tokens').column('operator_id').execute();

    // Rebuilt rather than altered: the old rows are to go anyway, and SQLite cannot add a primary key,
    // a unique column or a NOT NULL foreign key to an existing table. Dropping it drops its index too.
    await db.schema.dropTable('console_sessions').execute();
    await db.schema
      .createTable('console_sessions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('secret_hash', 'text', (col) => col.notNull().unique())
      .addColumn('operator_id', 'text', (col) => col.notNull().references('operators.id').onDelete('cascade'))
      .addColumn('user_agent', 'text')
      .addColumn('client_address', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('console_sessions_expires_at_idx').on('console_sessions').column('expires_at').execute();
    await db.schema.createIndex('console_sessions_operator_id_idx').on('console_sessions').column('operator_id').execute();

    // The audit log gains an actor filter; like the others it ends in id so the page stays index-ordered.
    await db.schema.createIndex('audit_events_actor_idx').on('audit_events').columns(['actor', 'id']).execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await atomically(db, async (db) => {
    await db.schema.dropIndex('audit_events_actor_idx').execute();
    // Back to the 0002 shape, empty: an old session cannot hold an operator.
    await db.schema.dropTable('console_sessions').execute();
    await db.schema
      .createTable('console_sessions')
      .addColumn('id_hash', 'text', (col) => col.primaryKey())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('console_sessions_expires_at_idx').on('console_sessions').column('expires_at').execute();
    await db.schema.dropTable('api_tokens').execute();
    await db.schema.dropTable('operators').execute();
  });
}

// Kysely runs SQLite migrations outside a transaction; a failure between dropping and recreating
// console_sessions would otherwise leave a schema that neither this migration nor the app can use.
// Where the migrator already holds a transaction (Postgres), the steps simply run in it.
async function atomically(db: Kysely<any>, steps: (db: Kysely<any>) => Promise<void>): Promise<void> {
  if (db.isTransaction) await steps(db);
  else await db.transaction().execute(steps);
}
