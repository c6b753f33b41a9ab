import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SessionBindingRow } from './tables/session-bindings.table.js';

/** Why a session matters to Otto: who bound it (source) under which key, and when. */
export interface Binding {
  sessionId: string;
  key: string;
  /** Who bound it: `telegram`, `scheduler`, `console`, `api`, … */
  source: string;
  boundAt: number;
  lastSeenAt: number | null;
  /** The OpenCode server that holds the session. */
  server: string;
}

export interface BindSessionInput {
  sessionId: string;
  key: string;
  source: string;
  boundAt: number;
  /** Default: `DEFAULT_SERVER`. */
  server?: string;
}

/** The name of the OpenCode server when there is only one (OPENCODE_URL, or the supervised one). */
export const DEFAULT_SERVER = 'default';

/**
 * Binds a session, or rebinds it. Binding again with the same key and source keeps the original
 * `boundAt`; a different key or source is a new binding and takes the new time.
 */
export async function bindSession(db: Kysely<Database>, input: BindSessionInput): Promise<Binding> {
  const row = await db
    .insertInto('session_bindings')
    .values({
      session_id: input.sessionId,
      binding_key: input.key,
      source: input.source,
      bound_at: input.boundAt,
      last_seen_at: null,
      server: input.server ?? DEFAULT_SERVER,
    })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet((eb) => ({
        binding_key: eb.ref('excluded.binding_key'),
        source: eb.ref('excluded.source'),
        server: eb.ref('excluded.server'),
        bound_at: eb
          .case()
          .when(
            eb.and([
              eb('session_bindings.binding_key', '=', eb.ref('excluded.binding_key')),
              eb('session_bindings.source', '=', eb.ref('excluded.source')),
            ]),
          )
          .then(eb.ref('session_bindings.bound_at'))
          .else(eb.ref('excluded.bound_at'))
          .end(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBinding(row);
}

/** Returns whether there was a binding to remove. */
export async function unbindSession(db: Kysely<Database>, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('session_bindings').where('session_id', '=', sessionId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function getBinding(db: Kysely<Database>, sessionId: string): Promise<Binding | undefined> {
  const row = await db
    .selectFrom('session_bindings')
    .selectAll()
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row && toBinding(row);
}

/** Every binding, newest bound first. */
export async function listBindings(db: Kysely<Database>): Promise<Binding[]> {
  const rows = await db
    .selectFrom('session_bindings')
    .selectAll()
    .orderBy('bound_at', 'desc')
    .orderBy('session_id')
    .execute();
  return rows.map(toBinding);
}

/** Records that OpenCode reported these sessions at `at`; never moves a `lastSeenAt` backwards. */
export async function markBindingsSeen(db: Kysely<Database>, sessionIds: string[], at: number): Promise<void> {
  if (sessionIds.length === 0) return;
  await db
    .updateTable('session_bindings')
    .set({ last_seen_at: at })
    .where('session_id', 'in', sessionIds)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', at)]))
    .execute();
}

function toBinding(row: SessionBindingRow): Binding {
  return {
    sessionId: row.session_id,
    key: row.binding_key,
    source: row.source,
    boundAt: row.bound_at,
    lastSeenAt: row.last_seen_at,
    server: row.server,
  };
}
