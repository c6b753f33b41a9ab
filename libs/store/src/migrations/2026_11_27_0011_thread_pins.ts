import type { Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */

// The threads each operator pinned to their dashboard (the design's session cards). The primary key
// leads with the operator, so reading one operator's pins is a search of it; a pin goes with its
// operator. The thread id is not a foreign key: a pinned thread may be one no binding names.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('thread_pins')
    .addColumn('operator_id', 'text', (col) => col.notNull().references('operators.id').onDelete('cascade'))
    .addColumn('thread_id', 'text', (col) => col.notNull())
    .addColumn('pinned_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('thread_pins_pkey', ['operator_id', 'thread_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('thread_pins').execute();
}
