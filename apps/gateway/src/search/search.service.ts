import { countArchiveHits, searchArchive, searchTerms, type Store } from '@otto/store';
import { fromArchive } from '../archive/archived-message.js';
import type { MessageView } from '../messages/message-view.js';
import type { Thread } from '../threads/thread-state.js';

/** A message that matched, with its thread and the text around the match. */
export interface MessageHitView {
  thread: Thread;
  message: MessageView;
  snippet: string;
  highlights: Array<{ start: number; end: number }>;
}

export interface SearchServiceOptions {
  store: Store;
  threads: { get(threadId: string): Promise<Thread | null> };
  /** OTTO_ARCHIVE: while it is off nothing is archived, so nothing is found. */
  enabled: boolean;
}

/** Searches the archived text of bound threads' messages. */
export class SearchService {
  constructor(private readonly options: SearchServiceOptions) {}

  /** One page of hits, best first. */
  async hits(query: string, page: { limit: number; offset: number }): Promise<MessageHitView[]> {
    if (!this.options.enabled) return [];
    const found = await searchArchive(this.options.store.db, { terms: searchTerms(query), ...page });
    const threadIds = [...new Set(found.map((hit) => hit.message.threadId))];
    const threads = new Map(await Promise.all(threadIds.map(async (id) => [id, await this.options.threads.get(id)] as const)));
    // A thread unbound since the search ran has no thread to show: its hits go.
    return found.flatMap((hit) => {
      const thread = threads.get(hit.message.threadId);
      return thread ? [{ thread, message: fromArchive(hit.message), snippet: hit.snippet, highlights: hit.highlights }] : [];
    });
  }

  /** How many hits in all. */
  count(query: string): Promise<number> {
    return this.options.enabled ? countArchiveHits(this.options.store.db, searchTerms(query)) : Promise.resolve(0);
  }
}
