import type { Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */

// The housekeeping sweep deletes idempotency keys by age; without this it reads the whole table. The
// console-session sweep needs nothing new: 0002 already indexes console_sessions(expires_at).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('idempotency_keys_updated_at_idx').on('idempotency_keys').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('idempotency_keys_updated_at_idx').execute();
}
