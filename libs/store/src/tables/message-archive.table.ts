import type { Generated, Selectable } from 'kysely';

export type ArchivedRole = 'user' | 'assistant';

export interface MessageArchiveTable {
  /** FTS5's rowid for the row; no meaning outside the store. */
  id: Generated<number>;
  message_id: string;
  thread_id: string;
  role: ArchivedRole;
  created_at: number;
  completed_at: number | null;
  /** The message's text parts, joined by blank lines. */
  text: string;
  /** One line per tool call, `tool: title`: searched with the text, not shown as it. */
  tools: string;
  provider_id: string | null;
  model_id: string | null;
  agent: string | null;
  cost: number | null;
  archived_at: number;
}

export type MessageArchiveRow = Selectable<MessageArchiveTable>;
