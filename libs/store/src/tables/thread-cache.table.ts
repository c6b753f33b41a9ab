import type { Insertable, Selectable, Updateable } from 'kysely';

export interface ThreadCacheTable {
  session_id: string;
  title: string;
  created_at: number;
  updated_at: number;
  cached_at: number;
}

export type ThreadCacheRow = Selectable<ThreadCacheTable>;
export type NewThreadCacheRow = Insertable<ThreadCacheTable>;
export type ThreadCacheUpdate = Updateable<ThreadCacheTable>;
