import type { OpencodePort } from '@otto/opencode';
import type { MessageArchive } from '../archive/message-archive.service.js';
import type { Thread } from '../threads/thread-state.js';
import { toMessageView, type MessageView } from './message-view.js';

export interface MessagePageView {
  nodes: MessageView[];
  olderCursor: string | null;
}

/** Reads a thread's history from OpenCode, a page at a time with OpenCode's own cursor. */
export class MessageService {
  constructor(
    private readonly opencode: OpencodePort,
    /** Answers for a STALE thread, whose messages OpenCode no longer has; keeps what a bound thread's pages show. */
    private readonly archive?: Pick<MessageArchive, 'history' | 'keep'>,
  ) {}

  async page(thread: Thread, page: { last: number; before?: string }): Promise<MessagePageView> {
    // OpenCode no longer has a STALE thread's messages: what the archive kept, else an empty history, not an error.
    if (thread.state === 'STALE') return this.archive ? this.archive.history(thread.id, page) : { nodes: [], olderCursor: null };
    const { messages, olderCursor } = await this.opencode.messages(thread.id, { limit: page.last, before: page.before });
    if (thread.binding) this.archive?.keep(messages);
    return { nodes: messages.map(toMessageView), olderCursor };
  }
}
