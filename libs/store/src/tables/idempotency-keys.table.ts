import type { Selectable } from 'kysely';

export type IdempotencyStatus = 'PENDING' | 'ACCEPTED' | 'FAILED';

export interface IdempotencyKeysTable {
  key: string;
  thread_id: string;
  fingerprint: string;
  message_id: string;
  status: IdempotencyStatus;
  error_code: string | null;
  created_at: number;
  updated_at: number;
}

export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
