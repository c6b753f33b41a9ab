import { LIMITS } from '../limits.js';
import type { MessageView } from '../messages/message-view.js';
import type { MessageService } from '../messages/message.service.js';
import type { Thread } from '../threads/thread-state.js';
import type { ThreadService } from '../threads/thread.service.js';
import { threadJson, type ThreadDocument } from './thread-document.js';
import { threadMarkdown } from './thread-markdown.js';

export type ExportFormat = 'MARKDOWN' | 'JSON';

export interface ThreadExport {
  filename: string;
  mimeType: string;
  content: string;
  messageCount: number;
  truncated: boolean;
}

/** The most messages one export holds: the newest ones, read a page at a time. */
export const EXPORT_MAX_MESSAGES = 2_000;

const FORMATS: Record<ExportFormat, { extension: string; mimeType: string; render: (document: ThreadDocument) => string }> = {
  MARKDOWN: { extension: 'md', mimeType: 'text/markdown; charset=utf-8', render: threadMarkdown },
  JSON: { extension: 'json', mimeType: 'application/json', render: threadJson },
};

/**
 * A thread as one document to download. The history is read the way the thread page reads it (the
 * message service, a page at a time), so an export shows what the console shows.
 */
export class ExportService {
  constructor(
    private readonly deps: {
      threads: Pick<ThreadService, 'require'>;
      messages: Pick<MessageService, 'page'>;
      now?: () => number;
      maxMessages?: number;
    },
  ) {}

  async export(threadId: string, format: ExportFormat): Promise<ThreadExport> {
    const thread = await this.deps.threads.require(threadId);
    const { messages, truncated } = await this.history(thread);
    const { extension, mimeType, render } = FORMATS[format];
    const content = render({ thread, messages, truncated, exportedAt: (this.deps.now ?? Date.now)() });
    return { filename: `${fileStem(thread)}.${extension}`, mimeType, content, messageCount: messages.length, truncated };
  }

  private async history(thread: Thread): Promise<{ messages: MessageView[]; truncated: boolean }> {
    const max = this.deps.maxMessages ?? EXPORT_MAX_MESSAGES;
    const pages: MessageView[][] = [];
    let count = 0;
    let before: string | undefined;
    while (count < max) {
      const page = await this.deps.messages.page(thread, { last: Math.min(LIMITS.messagesPageMax, max - count), before });
      pages.unshift(page.nodes);
      count += page.nodes.length;
      if (page.olderCursor === null || page.nodes.length === 0) return { messages: pages.flat(), truncated: false };
      before = page.olderCursor;
    }
    return { messages: pages.flat(), truncated: true };
  }
}

/** e.g. otto-fix-the-login-bug-ses_abc: readable, and unique per thread. */
function fileStem(thread: Thread): string {
  const slug = thread.title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return ['otto', slug, thread.id].filter(Boolean).join('-');
}
