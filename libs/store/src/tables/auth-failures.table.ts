import type { Selectable } from 'kysely';

/** What is counted: wrong tokens per client address, or wrong passwords per account and client. */
export type AuthFailureScope = 'token' | 'password';

export interface AuthFailuresTable {
  scope: AuthFailureScope;
  /** Whose failures: a client address, or an account and a client. PostgreSQL's text holds no NUL. */
  subject: string;
  failures: number;
  /** The first failure of the current count (epoch ms); a count restarts once its window has passed. */
  first_failed_at: number;
  last_failed_at: number;
}

export type AuthFailuresRow = Selectable<AuthFailuresTable>;
