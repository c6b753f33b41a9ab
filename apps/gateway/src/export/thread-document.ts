import type { MessageView } from '../messages/message-view.js';
import type { Thread } from '../threads/thread-state.js';
import { tokensOf, type Tokens } from '../threads/usage.js';

/** What an export is made of: the thread, its messages oldest first, and whether older ones were left out. */
export interface ThreadDocument {
  thread: Thread;
  messages: MessageView[];
  exportedAt: number;
  /** Older messages than the first here were left out (the export's cap). */
  truncated: boolean;
}

export interface Usage {
  cost: number;
  tokens: Tokens;
}

/** What the thread cost: OpenCode's own total when it knows the session, else the sum of the replies here. */
export function usageOf(document: ThreadDocument): Usage | null {
  const { session } = document.thread;
  if (session?.tokens) return { cost: session.cost ?? 0, tokens: tokensOf(session.tokens) };
  const replies = document.messages.filter((message) => message.tokens !== null);
  if (replies.length === 0) return null;
  const tokens: Tokens = { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0 };
  let cost = 0;
  for (const message of replies) {
    cost += message.cost ?? 0;
    for (const key of Object.keys(tokens) as Array<keyof Tokens>) tokens[key] += message.tokens?.[key] ?? 0;
  }
  return { cost, tokens };
}

export const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** The thread as JSON: every field the API gives, times as ISO strings; attachments keep their data URLs. */
export function threadJson(document: ThreadDocument): string {
  const { thread } = document;
  return `${JSON.stringify(
    {
      format: 'otto-thread/1',
      exportedAt: iso(document.exportedAt),
      truncated: document.truncated,
      thread: {
        id: thread.id,
        title: thread.title,
        state: thread.state,
        server: thread.server,
        binding: thread.binding && { key: thread.binding.key, source: thread.binding.source, boundAt: iso(thread.binding.boundAt) },
        createdAt: iso(thread.createdAt),
        updatedAt: iso(thread.updatedAt),
        usage: usageOf(document),
      },
      messages: document.messages.map((message) => ({ ...message, createdAt: iso(message.createdAt), completedAt: iso(message.completedAt) })),
    },
    null,
    2,
  )}\n`;
}
