import type { Insertable, Selectable, Updateable } from 'kysely';

export interface ConsoleSessionsTable {
  /** SHA-256 of the cookie value: a stolen database holds no usable session. */
  id_hash: string;
  created_at: number;
  expires_at: number;
}

export type ConsoleSessionRow = Selectable<ConsoleSessionsTable>;
export type NewConsoleSessionRow = Insertable<ConsoleSessionsTable>;
export type ConsoleSessionUpdate = Updateable<ConsoleSessionsTable>;
