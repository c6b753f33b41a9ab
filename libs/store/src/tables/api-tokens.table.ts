import type { Selectable } from 'kysely';
import type { Role } from '../roles.js';

export interface ApiTokensTable {
  id: string;
  operator_id: string;
  name: string;
  role: Role;
  /** SHA-256 of the secret: the secret itself is shown once and never stored. */
  secret_hash: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

export type ApiTokenRow = Selectable<ApiTokensTable>;
