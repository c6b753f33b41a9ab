import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { IdempotencyKeyRow, IdempotencyStatus } from './tables/idempotency-keys.table.js';

/**
 * How long a claim holds its key unless renewed. The holder renews it well within this while its send
 * is in flight; a gateway that died holding one blocks the key at most this long.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

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
  /** The send attempt holding the key, and until when; null once it let go. */
  leaseOwner: string | null;
  leaseUntil: number | null;
}

export interface ClaimIdempotencyKeyInput {
  key: string;
  threadId: string;
  fingerprint: string;
  messageId: string;
  now: number;
}

/**
 * `claimed: true` — this caller holds the key's lease until `entry.leaseUntil`, as `entry.leaseOwner`
 * (renew and release it under that id). The key is new (`entry.messageId` is the caller's), or was there
 * with the same fingerprint and no live lease: then it keeps its message id, so the caller can first ask
 * OpenCode what arrived; a FAILED key is PENDING again, an ACCEPTED one stays ACCEPTED.
 * `claimed: false` — another attempt holds the lease, or the key stands for another fingerprint; `entry`
 * is the stored one (compare its fingerprint to refuse a reused key).
 */
export type ClaimIdempotencyKeyResult =
  | { claimed: true; entry: IdempotencyEntry & { leaseOwner: string; leaseUntil: number } }
  | { claimed: false; entry: IdempotencyEntry };

export interface SettleIdempotencyKeyInput {
  status: Exclude<IdempotencyStatus, 'PENDING'>;
  errorCode?: string | null;
  now: number;
  /** When given, the key is settled only while this lease still holds it (no one took it over since). */
  leaseOwner?: string;
}

/** A claim's lease: the key and the id its holder claimed it under. */
export interface IdempotencyLease {
  key: string;
  owner: string;
}

/**
 * Claims a key for one send attempt, as a lease of IDEMPOTENCY_LEASE_MS: a new key, or one with the same
 * fingerprint whose lease was released or has run out (its holder ended, or died). Atomic under
 * concurrency, across connections and processes too: of all callers racing for a key, one holds it.
 */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  input: ClaimIdempotencyKeyInput,
): Promise<ClaimIdempotencyKeyResult> {
  const lease = { lease_owner: randomUUID(), lease_until: input.now + IDEMPOTENCY_LEASE_MS };
  const stored = (column: 'status' | 'updated_at') => sql.ref(`idempotency_keys.${column}`);
  // One statement inserts or takes over, so checking the lease and taking it are one step: two claimers
  // cannot both see it free and both win.
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
      ...lease,
    })
    .onConflict((oc) =>
      oc
        .column('key')
        // message_id is kept: an earlier attempt may have reached OpenCode under it.
        .doUpdateSet({
          ...lease,
          // A FAILED send surely delivered nothing, but this attempt may: its outcome is unknown until settled.
          status: sql<IdempotencyStatus>`case when ${stored('status')} = 'FAILED' then 'PENDING' else ${stored('status')} end`,
          error_code: null,
          // An ACCEPTED key keeps when it was accepted: the text may still be on its way into OpenCode's storage.
          updated_at: sql<number>`case when ${stored('status')} = 'ACCEPTED' then ${stored('updated_at')} else ${input.now} end`,
        })
        .where('idempotency_keys.fingerprint', '=', input.fingerprint)
        .where((eb) =>
          eb.or([eb('idempotency_keys.lease_until', 'is', null), eb('idempotency_keys.lease_until', '<=', input.now)]),
        ),
    )
    .returningAll()
    .executeTakeFirst();
  if (claimed) return { claimed: true, entry: { ...toIdempotencyEntry(claimed), leaseOwner: lease.lease_owner, leaseUntil: lease.lease_until } };
  const existing = await getIdempotencyKey(db, input.key);
  // A sweep deleted the key between our claim and this read: it is free again, so try anew.
  if (existing === undefined) return claimIdempotencyKey(db, input);
  return { claimed: false, entry: existing };
}

/**
 * Extends a held lease to IDEMPOTENCY_LEASE_MS from `now`; false when the lease no longer holds the key
 * (another attempt took it over after it ran out, or the key was swept).
 */
export async function renewIdempotencyLease(
  db: Kysely<Database>,
  lease: IdempotencyLease & { now: number },
): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ lease_until: lease.now + IDEMPOTENCY_LEASE_MS })
    .where('key', '=', lease.key)
    .where('lease_owner', '=', lease.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Lets go of a held lease, so the next attempt may claim the key at once; a lease taken over is left alone. */
export async function releaseIdempotencyLease(db: Kysely<Database>, lease: IdempotencyLease): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ lease_owner: null, lease_until: null })
    .where('key', '=', lease.key)
    .where('lease_owner', '=', lease.owner)
    .execute();
}

/** Records how the send ended; returns false when the key no longer exists, or is no longer the lease's. */
export async function settleIdempotencyKey(
  db: Kysely<Database>,
  key: string,
  outcome: SettleIdempotencyKeyInput,
): Promise<boolean> {
  let update = db
    .updateTable('idempotency_keys')
    .set({ status: outcome.status, error_code: outcome.errorCode ?? null, updated_at: outcome.now })
    .where('key', '=', key);
  if (outcome.leaseOwner !== undefined) update = update.where('lease_owner', '=', outcome.leaseOwner);
  const result = await update.executeTakeFirst();
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
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
  };
}
