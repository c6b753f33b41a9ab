import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { AuthFailureScope, AuthFailuresRow } from './tables/auth-failures.table.js';

/** A subject's failed sign-ins, counted by every gateway on the database. */
export interface AuthFailures {
  scope: AuthFailureScope;
  subject: string;
  failures: number;
  /** The first failure of this count (epoch ms). */
  firstFailedAt: number;
  lastFailedAt: number;
}

export interface RecordAuthFailureInput {
  scope: AuthFailureScope;
  subject: string;
  now: number;
  /** A count whose first failure is more than this old starts again from this one; unset → never. */
  windowMs?: number;
}

/**
 * Counts one failure and returns the count it makes. One statement, so failures recorded at once
 * through several connections (gateways) are each counted.
 */
export async function recordAuthFailure(db: Kysely<Database>, input: RecordAuthFailureInput): Promise<AuthFailures> {
  const stored = (column: 'failures' | 'first_failed_at' | 'last_failed_at') => sql.ref(`auth_failures.${column}`);
  const windowOver =
    input.windowMs === undefined ? sql<boolean>`false` : sql<boolean>`${stored('first_failed_at')} < ${input.now - input.windowMs}`;
  const row = await db
    .insertInto('auth_failures')
    .values({ scope: input.scope, subject: input.subject, failures: 1, first_failed_at: input.now, last_failed_at: input.now })
    .onConflict((oc) =>
      oc.columns(['scope', 'subject']).doUpdateSet({
        failures: sql<number>`case when ${windowOver} then 1 else ${stored('failures')} + 1 end`,
        first_failed_at: sql<number>`case when ${windowOver} then ${input.now} else ${stored('first_failed_at')} end`,
        // Gateways' clocks differ a little: the latest failure stays the latest.
        last_failed_at: sql<number>`case when ${stored('last_failed_at')} < ${input.now} then ${input.now} else ${stored('last_failed_at')} end`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAuthFailures(row);
}

export async function getAuthFailures(
  db: Kysely<Database>,
  scope: AuthFailureScope,
  subject: string,
): Promise<AuthFailures | undefined> {
  const row = await db
    .selectFrom('auth_failures')
    .selectAll()
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row && toAuthFailures(row);
}

/** Forgets a subject's failures, e.g. after the right password. */
export async function clearAuthFailures(db: Kysely<Database>, scope: AuthFailureScope, subject: string): Promise<void> {
  await db.deleteFrom('auth_failures').where('scope', '=', scope).where('subject', '=', subject).execute();
}

/**
 * Deletes the counts whose last failure came before `cutoff`; returns how many. Their windows and locks
 * must have ended by then, so the cutoff lies beyond the longest of them.
 */
export async function deleteAuthFailuresBefore(db: Kysely<Database>, cutoff: number): Promise<number> {
  const result = await db.deleteFrom('auth_failures').where('last_failed_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toAuthFailures(row: AuthFailuresRow): AuthFailures {
  return {
    scope: row.scope,
    subject: row.subject,
    failures: row.failures,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
  };
}
