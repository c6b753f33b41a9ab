import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** A thread an operator pinned to their dashboard. */
export interface ThreadPin {
  threadId: string;
  pinnedAt: number;
}

export interface PinThreadInput {
  operatorId: string;
  threadId: string;
  at: number;
  /** How many pins an operator may hold. */
  max: number;
}

/** `pinned`: a new pin; `already`: it was pinned (its time kept); `full`: the operator holds `max` already. */
export type PinOutcome = 'pinned' | 'already' | 'full';

/**
 * Pins a thread for an operator unless they hold `max` pins already. Counted and written in one
 * transaction that first writes the operator's row: pins made at once through several connections
 * (gateways) queue on that row lock (PostgreSQL) or the file's write lock (SQLite), so none overshoots.
 */
export async function pinThread(db: Kysely<Database>, input: PinThreadInput): Promise<PinOutcome> {
  return db.transaction().execute(async (trx) => {
    // A write that changes nothing, for the row lock it takes (`select … for update` is PostgreSQL's
    // alone); not of the key, so sign-ins adding sessions for the operator meanwhile do not wait on it.
    await trx.updateTable('operators').set((eb) => ({ role: eb.ref('role') })).where('id', '=', input.operatorId).execute();
    const pins = await trx.selectFrom('thread_pins').select(['thread_id', 'pinned_at']).where('operator_id', '=', input.operatorId).execute();
    if (pins.some((pin) => pin.thread_id === input.threadId)) return 'already';
    if (pins.length >= input.max) return 'full';
    // Pins made within one millisecond still list in the order they were made: a time taken already moves on.
    const taken = new Set(pins.map((pin) => pin.pinned_at));
    let at = input.at;
    while (taken.has(at)) at += 1;
    await trx.insertInto('thread_pins').values({ operator_id: input.operatorId, thread_id: input.threadId, pinned_at: at }).execute();
    return 'pinned';
  });
}

/** Returns whether there was a pin to remove. */
export async function unpinThread(db: Kysely<Database>, operatorId: string, threadId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('thread_pins')
    .where('operator_id', '=', operatorId)
    .where('thread_id', '=', threadId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** An operator's pins, oldest first: a new card goes at the end and the others stay where they were. */
export async function listPins(db: Kysely<Database>, operatorId: string): Promise<ThreadPin[]> {
  const rows = await db
    .selectFrom('thread_pins')
    .select(['thread_id', 'pinned_at'])
    .where('operator_id', '=', operatorId)
    .orderBy('pinned_at')
    .orderBy('thread_id')
    .execute();
  return rows.map((row) => ({ threadId: row.thread_id, pinnedAt: row.pinned_at }));
}
