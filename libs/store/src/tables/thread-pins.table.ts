import type { Selectable } from 'kysely';

export interface ThreadPinsTable {
  operator_id: string;
  /** The OpenCode session id. */
  thread_id: string;
  pinned_at: number;
}

export type ThreadPinRow = Selectable<ThreadPinsTable>;
