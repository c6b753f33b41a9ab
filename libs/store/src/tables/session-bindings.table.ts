import type { Selectable } from 'kysely';

export interface SessionBindingsTable {
  session_id: string;
  binding_key: string;
  source: string;
  bound_at: number;
  last_seen_at: number | null;
}

export type SessionBindingRow = Selectable<SessionBindingsTable>;
