import { sql, type Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */

// Sign-in failure counters, moved out of each gateway's memory: gateways sharing the database count
// together, so spreading guesses over several of them buys no more. The index serves the housekeeping
// sweep, which deletes counters by the age of their last failure.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_failures')
    .addColumn('scope', 'text', (col) => col.notNull().check(sql`scope in ('token', 'password')`))
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('failures', 'integer', (col) => col.notNull().check(sql`failures > 0`))
    .addColumn('first_failed_at', 'bigint', (col) => col.notNull())
    .addColumn('last_failed_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('auth_failures_pkey', ['scope', 'subject'])
    .execute();
  await db.schema.createIndex('auth_failures_last_failed_at_idx').on('auth_failures').column('last_failed_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_failures').execute();
}
