import type { Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */

// Which OpenCode server holds a bound session, so its threads stay its own while it is away. Bindings
// made before there could be several servers belong to the one there was, named `default`.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('session_bindings')
    .addColumn('server', 'text', (column) => column.notNull().defaultTo('default'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('session_bindings').dropColumn('server').execute();
}
