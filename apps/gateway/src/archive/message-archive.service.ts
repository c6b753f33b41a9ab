import type { OpencodeMessageWithParts, OpencodePort } from '@otto/opencode';
import { archiveMessages, clearMessageArchive, getBinding, listArchivedMessages, type Store } from '@otto/store';
import type { MessagePageView } from '../messages/message.service.js';
import type { MirrorSignal } from '../threads/session-mirror.js';
import { archiveCursor, fromArchive, positionOfCursor, toArchivedMessage } from './archived-message.js';

/** Archive jobs waiting beyond this are dropped: OpenCode or the database cannot keep up, and memory must not grow. */
const MAX_WAITING = 1_000;
/** Messages remembered as archived, so the several updates OpenCode sends for one, or a page polled again, cost nothing. */
const REMEMBERED = 5_000;

export interface MessageArchiveOptions {
  store: Store;
  /** Reaches the server that holds each thread. */
  opencode: Pick<OpencodePort, 'message'>;
  /** The servers' mirrors, heard for messages completing. */
  mirror: { listen(listener: (signal: MirrorSignal) => void): () => void };
  /** OTTO_ARCHIVE: off keeps no text, finds nothing, and deletes what an earlier run archived. */
  enabled: boolean;
  /** A message could not be archived; it is not retried. */
  onError: (error: unknown) => void;
  clock?: () => number;
}

/**
 * Keeps the text of bound threads' messages in the database as they complete, so it can be searched
 * and read after OpenCode forgot the session. A reply that completes is fetched once, with the user
 * message it answers.
 */
export class MessageArchive {
  private stopListening: (() => void) | undefined;
  private work: Promise<void> = Promise.resolve();
  private waiting = 0;
  private readonly archived = new Set<string>();
  private readonly clock: () => number;

  constructor(private readonly options: MessageArchiveOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  start(): void {
    if (!this.options.enabled) {
      this.enqueue(async () => void (await clearMessageArchive(this.options.store.db)));
      return;
    }
    this.stopListening ??= this.options.mirror.listen((signal) => this.heard(signal));
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** Settles once everything heard so far is archived (or given up). */
  settled(): Promise<void> {
    return this.work;
  }

  /** A page of a thread's archived history, as the messages query answers it; empty while the archive is off. */
  async history(threadId: string, page: { last: number; before?: string }): Promise<MessagePageView> {
    if (!this.options.enabled) return { nodes: [], olderCursor: null };
    const before = page.before === undefined ? undefined : positionOfCursor(page.before);
    // A cursor of OpenCode's, from before the thread went STALE, names no place in the archive.
    if (before === null) return { nodes: [], olderCursor: null };
    const { messages, hasOlder } = await listArchivedMessages(this.options.store.db, threadId, { limit: page.last, before });
    const oldest = messages[0];
    return { nodes: messages.map(fromArchive), olderCursor: hasOlder && oldest ? archiveCursor(oldest) : null };
  }

  /**
   * Keeps the complete messages of a page a bound thread's reader was shown: those that completed while
   * no gateway was listening, or before the archive existed, are archived too. Costs nothing for
   * messages this gateway already archived.
   */
  keep(messages: OpencodeMessageWithParts[]): void {
    if (!this.options.enabled) return;
    const fresh = messages.filter(({ info }) => {
      const done = info.role === 'user' ? info.time.created : info.time.completed;
      return done !== undefined && this.firstTime(`page ${info.id}@${done}`);
    });
    if (fresh.length === 0) return;
    const now = this.clock();
    this.enqueue(() => archiveMessages(this.options.store.db, fresh.map((message) => toArchivedMessage(message, now))));
  }

  private heard(signal: MirrorSignal): void {
    if (signal.type !== 'event' || signal.event.type !== 'message.updated') return;
    const { info } = signal.event.properties;
    if (info.role !== 'assistant' || info.time.completed === undefined) return;
    // Apart from what pages kept: a completion also archives the message it answers.
    if (!this.firstTime(`event ${info.id}@${info.time.completed}`)) return;
    this.enqueue(() => this.archive(info.sessionID, [info.parentID, info.id]));
  }

  /** Whether a message in this state is new to this gateway; remembers it. */
  private firstTime(key: string): boolean {
    if (this.archived.has(key)) return false;
    this.archived.add(key);
    if (this.archived.size > REMEMBERED) this.archived.delete(this.archived.values().next().value as string);
    return true;
  }

  // One job at a time: a burst of completions is a burst of reads from OpenCode, and they queue here instead.
  private enqueue(job: () => Promise<void>): void {
    if (this.waiting >= MAX_WAITING) {
      this.options.onError(new Error(`the message archive is ${MAX_WAITING} jobs behind; a message was not archived`));
      return;
    }
    this.waiting += 1;
    this.work = this.work
      .then(job)
      .catch(this.options.onError)
      .finally(() => {
        this.waiting -= 1;
      });
  }

  private async archive(threadId: string, messageIds: string[]): Promise<void> {
    if (!(await getBinding(this.options.store.db, threadId))) return;
    const messages = await Promise.all(messageIds.map((id) => this.options.opencode.message(threadId, id)));
    const now = this.clock();
    const archived = messages.flatMap((message) => (message ? [toArchivedMessage(message, now)] : []));
    await archiveMessages(this.options.store.db, archived);
  }
}
