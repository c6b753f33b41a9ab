import type { Kysely } from 'kysely';

// Frozen: once released, never edit this file; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */

// The first-start links gateways printed while the bootstrap admin has no password, by the SHA-256 of
// their secret: behind a load balancer the link one gateway printed is opened through another.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('setup_links')
    .addColumn('secret_hash', 'text', (col) => col.primaryKey())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('setup_links').execute();
}
