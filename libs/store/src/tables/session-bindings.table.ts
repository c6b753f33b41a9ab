import type { Generated, Selectable } from 'kysely';

export interface SessionBindingsTable {
  session_id: string;
  binding_key: string;
  source: string;
  bound_at: number;
  last_seen_at: number | null;
  /** The OpenCode server that holds the session (OTTO_OPENCODE_SERVERS' name). */
  server: Generated<string>;
}

export type SessionBindingRow = Selectable<SessionBindingsTable>;
