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
  /** The send attempt holding the key (a random id), and until when (epoch ms); null once released. */
  lease_owner: string | null;
  lease_until: number | null;
}

export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
