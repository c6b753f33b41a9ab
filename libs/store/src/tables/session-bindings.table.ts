import type { Insertable, Selectable, Updateable } from 'kysely';

export interface SessionBindingsTable {
  session_id: string;
  binding_key: string;
  source: string;
  bound_at: number;
  last_seen_at: number | null;
}

export type SessionBindingRow = Selectable<SessionBindingsTable>;
export type NewSessionBindingRow = Insertable<SessionBindingsTable>;
export type SessionBindingUpdate = Updateable<SessionBindingsTable>;
