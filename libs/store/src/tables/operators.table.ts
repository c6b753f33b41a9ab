import type { Selectable } from 'kysely';
import type { Role } from '../roles.js';

export interface OperatorsTable {
  id: string;
  name: string;
  /** The name lower-cased: unique, so two operators never differ by case alone. */
  name_key: string;
  role: Role;
  /** null: the operator cannot sign in with a password. */
  password_hash: string | null;
  /** 0 or 1: SQLite has no boolean, and an integer reads the same from every dialect. */
  disabled: number;
  created_at: number;
  last_sign_in_at: number | null;
}

export type OperatorRow = Selectable<OperatorsTable>;
