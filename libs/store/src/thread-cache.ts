import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { ThreadCacheRow } from './tables/thread-cache.table.js';

/** The last OpenCode metadata the gateway saw for a session, shown while OpenCode cannot be asked. */
export interface ThreadCacheEntry {
  sessionId: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** When the gateway saw this metadata. */
  cachedAt: number;
}

// Rows per INSERT: 5 parameters each stays far below every dialect's bind-parameter limit.
const ROWS_PER_STATEMENT = 200;

/**
 * Upserts the entries in one transaction. An entry older (by `cachedAt`) than the one stored is ignored,
 * so a slow writer cannot replace fresher metadata.
 */
export async function saveThreadCache(db: Kysely<Database>, entries: ThreadCacheEntry[]): Promise<void> {
  // Postgres refuses a statement that upserts the same row twice, so one entry per session goes in.
  const newest = new Map<string, ThreadCacheEntry>();
  for (const entry of entries) {
    const kept = newest.get(entry.sessionId);
    if (kept === undefined || entry.cachedAt >= kept.cachedAt) newest.set(entry.sessionId, entry);
  }
  const unique = [...newest.values()];
  if (unique.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
      await trx
        .insertInto('thread_cache')
        .values(
          unique.slice(start, start + ROWS_PER_STATEMENT).map((entry) => ({
            session_id: entry.sessionId,
            title: entry.title,
            created_at: entry.createdAt,
            updated_at: entry.updatedAt,
            cached_at: entry.cachedAt,
          })),
        )
        .onConflict((oc) =>
          oc
            .column('session_id')
            .doUpdateSet((eb) => ({
              title: eb.ref('excluded.title'),
              created_at: eb.ref('excluded.created_at'),
              updated_at: eb.ref('excluded.updated_at'),
              cached_at: eb.ref('excluded.cached_at'),
            }))
            .where('excluded.cached_at', '>=', (eb) => eb.ref('thread_cache.cached_at')),
        )
        .execute();
    }
  });
}

/** Cached entries by session id: all of them, or only those asked for. */
export async function loadThreadCache(
  db: Kysely<Database>,
  sessionIds?: string[],
): Promise<Map<string, ThreadCacheEntry>> {
  if (sessionIds?.length === 0) return new Map();
  let query = db.selectFrom('thread_cache').selectAll();
  if (sessionIds) query = query.where('session_id', 'in', sessionIds);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.session_id, toThreadCacheEntry(row)]));
}

function toThreadCacheEntry(row: ThreadCacheRow): ThreadCacheEntry {
  return {
    sessionId: row.session_id,
    title: row.title,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cachedAt: row.cached_at,
  };
}
