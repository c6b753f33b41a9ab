import type { Selectable } from 'kysely';

export interface ConsoleSessionsTable {
  id: string;
  /** SHA-256 of the cookie value: a stolen database holds no usable session. */
  secret_hash: string;
  operator_id: string;
  user_agent: string | null;
  client_address: string | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export type ConsoleSessionRow = Selectable<ConsoleSessionsTable>;
