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
 * `claimed: true` — this caller owns the key, stored as PENDING, and must send, then settle it. The key is
 * new, or was FAILED and is taken over: then `entry.messageId` is the failed send's, so the caller can
 * first ask OpenCode whether that message arrived after all.
 * `claimed: false` — the key is PENDING or ACCEPTED, or FAILED under another fingerprint; `entry` is the
 * stored one (compare its fingerprint to refuse a reused key).
 */
export type ClaimIdempotencyKeyResult =
  | { claimed: true; entry: IdempotencyEntry }
  | { claimed: false; entry: IdempotencyEntry };

export interface SettleIdempotencyKeyInput {
  status: Exclude<IdempotencyStatus, 'PENDING'>;
  errorCode?: string | null;
  now: number;
}

/**
 * Claims a new key, or takes over a FAILED one with the same fingerprint (a retry of a send that surely
 * failed). Atomic under concurrency, across connections too: of all callers racing for a key, one claims it.
 * A FAILED key with another fingerprint stays as it is, so its caller can refuse the reused key.
 */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  input: ClaimIdempotencyKeyInput,
): Promise<ClaimIdempotencyKeyResult> {
  // One statement inserts or takes over, so checking the status and writing are one step: two claimers of
  // a FAILED key cannot both see it FAILED and both win.
  const claimed = await db
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
    .onConflict((oc) =>
      oc
        .column('key')
        // message_id is kept: the failed send may still have reached OpenCode under it.
        .doUpdateSet({ status: 'PENDING', error_code: null, updated_at: input.now })
        .where('idempotency_keys.status', '=', 'FAILED')
        .where('idempotency_keys.fingerprint', '=', input.fingerprint),
    )
    .returningAll()
    .executeTakeFirst();
  if (claimed) return { claimed: true, entry: toIdempotencyEntry(claimed) };
  const existing = await getIdempotencyKey(db, input.key);
  // A sweep deleted the key between our claim and this read: it is free again, so try anew.
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

/**
 * Deletes the keys, whatever their status, last touched before `cutoff`; returns how many. A retry after
 * that sends again, so the cutoff must lie beyond the longest retry the gateway honours. Claims and
 * settlements move `updated_at`, so a key in use is the last to go.
 */
export async function deleteIdempotencyKeysBefore(db: Kysely<Database>, cutoff: number): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('updated_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
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
