import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/** Resolves once the database answers a trivial query; for readiness checks. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
