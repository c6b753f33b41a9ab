import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Starts a browser session; returns the secret for the cookie (only its hash is stored). */
export async function createConsoleSession(db: Kysely<Database>, input: { now: number; ttlMs: number }): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('console_sessions')
    .values({ id_hash: hash(secret), created_at: input.now, expires_at: input.now + input.ttlMs })
    .execute();
  return secret;
}

/** Whether the secret names a session that has not expired. */
export async function isConsoleSessionValid(db: Kysely<Database>, secret: string, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('console_sessions')
    .select('expires_at')
    .where('id_hash', '=', hash(secret))
    .executeTakeFirst();
  return row !== undefined && row.expires_at > now;
}

export async function deleteConsoleSession(db: Kysely<Database>, secret: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('id_hash', '=', hash(secret)).execute();
}

/** The housekeeping sweep: deletes the sessions that no longer sign anyone in; returns how many. */
export async function deleteExpiredConsoleSessions(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
