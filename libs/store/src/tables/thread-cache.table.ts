import type { Selectable } from 'kysely';

export interface ThreadCacheTable {
  session_id: string;
  title: string;
  created_at: number;
  updated_at: number;
  cached_at: number;
}

export type ThreadCacheRow = Selectable<ThreadCacheTable>;
