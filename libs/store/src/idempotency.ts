import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { IdempotencyKeyRow, IdempotencyStatus } from './tables/idempotency-keys.table.js';

/** What a `sendMessage` idempotency key stands for. */
export interface IdempotencyEntry {
  key: string;
  threadId: string;
  /** Hash of the request; a reused key with another fingerprint is a different request. */
  fingerprint: string;
  /** The OpenCode message id chosen before sending, so a retry can find the message it produced. */
  messageId: string;
  status: IdempotencyStatus;
  errorCode: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ClaimIdempotencyKeyInput {
  key: string;
  threadId: string;
  fingerprint: string;
  messageId: string;
  now: number;
}

/**
 * `claimed: true` — this caller owns the key (stored as PENDING) and must send, then settle or release it.
 * `claimed: false` — someone else holds it; `entry` is theirs (compare its fingerprint to refuse reuse).
 */
export type ClaimIdempotencyKeyResult =
  | { claimed: true; entry: IdempotencyEntry }
  | { claimed: false; entry: IdempotencyEntry };

export interface SettleIdempotencyKeyInput {
  status: Exclude<IdempotencyStatus, 'PENDING'>;
  errorCode?: string | null;
  now: number;
}

/** Atomic under concurrency, across connections too: of all callers racing for a key, one claims it. */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  input: ClaimIdempotencyKeyInput,
): Promise<ClaimIdempotencyKeyResult> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      key: input.key,
      thread_id: input.threadId,
      fingerprint: input.fingerprint,
      message_id: input.messageId,
      status: 'PENDING',
      error_code: null,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { claimed: true, entry: toIdempotencyEntry(inserted) };
  const existing = await getIdempotencyKey(db, input.key);
  // The holder released the key between our insert and this read: it is free again, so try anew.
  if (existing === undefined) return claimIdempotencyKey(db, input);
  return { claimed: false, entry: existing };
}

/** Records how the send ended; returns false when the key no longer exists. */
export async function settleIdempotencyKey(
  db: Kysely<Database>,
  key: string,
  outcome: SettleIdempotencyKeyInput,
): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ status: outcome.status, error_code: outcome.errorCode ?? null, updated_at: outcome.now })
    .where('key', '=', key)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function getIdempotencyKey(db: Kysely<Database>, key: string): Promise<IdempotencyEntry | undefined> {
  const row = await db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
  return row && toIdempotencyEntry(row);
}

/** Forgets the key so it may be claimed again; only for a send that certainly did not happen. */
export async function releaseIdempotencyKey(db: Kysely<Database>, key: string): Promise<boolean> {
  const result = await db.deleteFrom('idempotency_keys').where('key', '=', key).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

function toIdempotencyEntry(row: IdempotencyKeyRow): IdempotencyEntry {
  return {
    key: row.key,
    threadId: row.thread_id,
    fingerprint: row.fingerprint,
    messageId: row.message_id,
    status: row.status,
    errorCode: row.error_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
