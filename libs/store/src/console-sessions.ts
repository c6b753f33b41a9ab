import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import { getOperator } from './operators.js';
import { hashSecret } from './secrets.js';
import type { ConsoleSessionRow } from './tables/console-sessions.table.js';

/** A browser signed in to the console as an operator. The cookie secret is not part of it. */
export interface ConsoleSession {
  id: string;
  operatorId: string;
  userAgent: string | null;
  clientAddress: string | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface CreateConsoleSessionInput {
  operatorId: string;
  now: number;
  ttlMs: number;
  userAgent: string | null;
  clientAddress: string | null;
}

export interface CreatedConsoleSession {
  /** Names the session in listings and sign-outs of one device; not a credential. */
  id: string;
  /** The cookie value; only its hash is stored. */
  secret: string;
}

export interface DeleteOperatorConsoleSessionsOptions {
  /** The id of a session to keep, e.g. the one asking to sign out everywhere else. */
  except?: string;
}

/** `lastSeenAt` is written at most this often, so a busy browser does not cost a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Starts a browser session for an operator; throws INVALID_ARGUMENT when there is no such operator. */
export async function createConsoleSession(
  db: Kysely<Database>,
  input: CreateConsoleSessionInput,
): Promise<CreatedConsoleSession> {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  try {
    await db
      .insertInto('console_sessions')
      .values({
        id,
        secret_hash: hashSecret(secret),
        operator_id: input.operatorId,
        user_agent: input.userAgent,
        client_address: input.clientAddress,
        created_at: input.now,
        last_seen_at: input.now,
        expires_at: input.now + input.ttlMs,
      })
      .execute();
  } catch (error) {
    // The foreign key refused it; asked only after a failure, so a good insert costs one statement.
    if ((await getOperator(db, input.operatorId)) === undefined) {
      throw new StoreError('INVALID_ARGUMENT', `There is no operator ${input.operatorId}`, { cause: error });
    }
    throw error;
  }
  return { id, secret };
}

/** The session this cookie secret names, if it has not expired by `now`. */
export async function findConsoleSession(
  db: Kysely<Database>,
  secret: string,
  now: number,
): Promise<ConsoleSession | undefined> {
  const row = await db
    .selectFrom('console_sessions')
    .selectAll()
    .where('secret_hash', '=', hashSecret(secret))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && toConsoleSession(row);
}

/** An operator's unexpired sessions, newest first. */
export async function listConsoleSessions(
  db: Kysely<Database>,
  operatorId: string,
  now: number,
): Promise<ConsoleSession[]> {
  const rows = await db
    .selectFrom('console_sessions')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toConsoleSession);
}

/** Sign-out by cookie. */
export async function deleteConsoleSession(db: Kysely<Database>, secret: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('secret_hash', '=', hashSecret(secret)).execute();
}

/** Signs one device out; returns the session it deleted (so the caller can check whose it was), if any. */
export async function deleteConsoleSessionById(db: Kysely<Database>, id: string): Promise<ConsoleSession | undefined> {
  const row = await db.deleteFrom('console_sessions').where('id', '=', id).returningAll().executeTakeFirst();
  return row && toConsoleSession(row);
}

/** Signs an operator out everywhere, or everywhere but `options.except`; returns how many sessions went. */
export async function deleteOperatorConsoleSessions(
  db: Kysely<Database>,
  operatorId: string,
  options: DeleteOperatorConsoleSessionsOptions = {},
): Promise<number> {
  let query = db.deleteFrom('console_sessions').where('operator_id', '=', operatorId);
  if (options.except !== undefined) query = query.where('id', '!=', options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Records activity: writes `lastSeenAt` only when it is more than a minute older than `now`. */
export async function touchConsoleSession(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db
    .updateTable('console_sessions')
    .set({ last_seen_at: now })
    .where('id', '=', id)
    .where('last_seen_at', '<', now - TOUCH_INTERVAL_MS)
    .execute();
}

/** The housekeeping sweep: deletes the sessions that no longer sign anyone in; returns how many. */
export async function deleteExpiredConsoleSessions(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toConsoleSession(row: ConsoleSessionRow): ConsoleSession {
  return {
    id: row.id,
    operatorId: row.operator_id,
    userAgent: row.user_agent,
    clientAddress: row.client_address,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}
