import type { Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */

// The housekeeping sweep deletes audit rows past their retention by age; without this it reads the whole table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_events_at_idx').on('audit_events').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_events_at_idx').execute();
}
