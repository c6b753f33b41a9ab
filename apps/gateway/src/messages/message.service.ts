import type { OpencodePort } from '@otto/opencode';
import type { Thread } from '../threads/thread-state.js';
import { toMessageView, type MessageView } from './message-view.js';

export interface MessagePageView {
  nodes: MessageView[];
  olderCursor: string | null;
}

/** Reads a thread's history from OpenCode, a page at a time with OpenCode's own cursor. */
export class MessageService {
  constructor(private readonly opencode: OpencodePort) {}

  async page(thread: Thread, page: { last: number; before?: string }): Promise<MessagePageView> {
    // OpenCode no longer has a STALE thread's messages: an empty history, not an error.
    if (thread.state === 'STALE') return { nodes: [], olderCursor: null };
    const { messages, olderCursor } = await this.opencode.messages(thread.id, { limit: page.last, before: page.before });
    return { nodes: messages.map(toMessageView), olderCursor };
  }
}
