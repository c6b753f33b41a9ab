import type { OpencodePort } from '@otto/opencode';
import { toMessageView } from '../messages/message-view.js';
import type { MirrorSet } from '../servers/mirror-set.js';
import type { MirrorSignal } from '../threads/session-mirror.js';
import type { Thread } from '../threads/thread-state.js';
import type { ThreadService } from '../threads/thread.service.js';
import { BoundedStream, type LiveItem } from './bounded-stream.js';
import { LiveMessages } from './live-messages.js';
import type { ThreadEventValue } from './thread-event.js';


export interface LiveOptions {
  /** Events a subscriber may fall behind by before its deltas are folded (OTTO_SUBSCRIPTION_BUFFER). */
  capacity: number;
}

const REPLIES = { once: 'ONCE', always: 'ALWAYS', reject: 'REJECT' } as const;

/**
 * Hands OpenCode's events, as the mirror hears them, to GraphQL subscribers: everything that happens
 * in one thread (`threadEvents`), and every thread that changed (`threadChanged`). Each subscriber has
 * its own bounded queue, so a slow reader never holds up another or grows memory without bound.
 */
export class LiveService {
  private readonly threads = new Map<string, Set<BoundedStream>>();
  private readonly watchers = new Set<BoundedStream>();
  private readonly messages = new LiveMessages();
  /** Threads just resolved, by mirror version: every subscriber of one change shares one lookup. */
  private readonly resolved = new Map<string, { version: number; thread: Promise<Thread> }>();
  private activeCount = 0;

  constructor(
    private readonly mirror: MirrorSet,
    private readonly threadService: ThreadService,
    private readonly opencode: OpencodePort,
    private readonly options: LiveOptions,
  ) {
    mirror.listen((signal) => this.hear(signal));
  }

  /** Subscriptions open now. */
  get active(): number {
    return this.activeCount;
  }

  subscribeThread(threadId: string): BoundedStream {
    const subscribers = this.threads.get(threadId) ?? new Set<BoundedStream>();
    this.threads.set(threadId, subscribers);
    const stream = this.open(() => {
      subscribers.delete(stream);
      if (subscribers.size === 0) this.threads.delete(threadId);
    });
    subscribers.add(stream);
    return stream;
  }

  watchThreads(): BoundedStream {
    const stream = this.open(() => this.watchers.delete(stream));
    this.watchers.add(stream);
    return stream;
  }

  /** Ends every subscription: each stream completes, as at a shutdown. */
  endAll(): void {
    for (const stream of [...this.watchers, ...[...this.threads.values()].flatMap((subscribers) => [...subscribers])]) void stream.return();
  }

  /** A mutation changed a thread (created, bound, unbound): its watchers and subscribers hear of it. */
  threadChanged(threadId: string): void {
    this.resolved.delete(threadId);
    this.toThread(threadId, { kind: 'thread', threadId });
    for (const watcher of this.watchers) watcher.push({ kind: 'thread', threadId });
  }

  /** What a queued item says, resolved now: messages and threads as they are at delivery. */
  async resolve(item: LiveItem, threadId: string): Promise<ThreadEventValue> {
    switch (item.kind) {
      case 'delta':
        return { __kind: 'MessageDelta', threadId, messageId: item.messageId, partId: item.partId, kind: item.text ? 'TEXT' : 'REASONING', delta: item.delta };
      case 'message': {
        if (item.view) return { __kind: 'MessageUpdated', message: item.view };
        const message = this.messages.view(item.messageId) ?? (await this.opencode.message(threadId, item.messageId));
        if (!message) return { __kind: 'ThreadUpdated', thread: await this.thread(threadId) };
        return { __kind: 'MessageUpdated', message: toMessageView(message) };
      }
      case 'thread':
        return { __kind: 'ThreadUpdated', thread: await this.thread(item.threadId) };
      default:
        return item.value;
    }
  }

  /** A thread as it is now, looked up once for all the subscribers that hear of one change. */
  thread(threadId: string): Promise<Thread> {
    const version = this.mirror.version;
    const recent = this.resolved.get(threadId);
    if (recent?.version === version) return recent.thread;
    const thread = this.lookUp(threadId);
    if (this.resolved.size >= 1_000) this.resolved.clear();
    this.resolved.set(threadId, { version, thread });
    thread.catch(() => this.resolved.delete(threadId));
    return thread;
  }

  /** One OpenCode no longer has and nothing binds is reported STALE. */
  private async lookUp(threadId: string): Promise<Thread> {
    return (
      (await this.threadService.get(threadId)) ?? {
        id: threadId,
        title: '',
        state: 'STALE',
        activity: 'IDLE',
        binding: null,
        server: this.threadService.serverOf(threadId),
        createdAt: null,
        updatedAt: null,
        session: null,
      }
    );
  }

  private open(onClose: () => void): BoundedStream {
    this.activeCount += 1;
    return new BoundedStream(this.options.capacity, () => {
      this.activeCount -= 1;
      onClose();
    });
  }

  private toThread(threadId: string, item: LiveItem): void {
    for (const subscriber of this.threads.get(threadId) ?? []) subscriber.push(item);
  }

  /** One picture of the message, taken now and shared by every subscriber of its thread. */
  private messageChanged(threadId: string, messageId: string): void {
    if (!this.threads.has(threadId)) return;
    const current = this.messages.view(messageId);
    this.toThread(threadId, { kind: 'message', messageId, view: current ? toMessageView(current) : undefined });
  }

  private hear(signal: MirrorSignal): void {
    if (signal.type !== 'event') {
      // OpenCode went away or came back (after the mirror relisted it): every open stream says so.
      for (const threadId of this.threads.keys()) this.threadChanged(threadId);
      return;
    }
    const { event } = signal;
    this.messages.apply(event);
    switch (event.type) {
      case 'message.part.delta': {
        const { sessionID, messageID, partID, delta } = event.properties;
        this.toThread(sessionID, { kind: 'delta', messageId: messageID, partId: partID, text: !this.messages.isReasoning(messageID, partID), delta });
        break;
      }
      case 'message.updated':
        this.messageChanged(event.properties.sessionID, event.properties.info.id);
        break;
      case 'message.part.updated':
        this.messageChanged(event.properties.sessionID, event.properties.part.messageID);
        break;
      case 'permission.asked':
        this.toThread(event.properties.sessionID, { kind: 'other', value: { __kind: 'PermissionAsked', permission: event.properties } as const });
        break;
      case 'permission.replied': {
        const { sessionID, requestID, reply } = event.properties;
        const value = { __kind: 'PermissionReplied', threadId: sessionID, permissionId: requestID, reply: REPLIES[reply] } as const;
        this.toThread(sessionID, { kind: 'other', value });
        break;
      }
      case 'question.asked':
        this.toThread(event.properties.sessionID, { kind: 'other', value: { __kind: 'QuestionAsked', question: event.properties } as const });
        break;
      case 'question.replied':
      case 'question.rejected': {
        const { sessionID, requestID } = event.properties;
        const value = { __kind: 'QuestionReplied', threadId: sessionID, questionId: requestID, rejected: event.type === 'question.rejected' } as const;
        this.toThread(sessionID, { kind: 'other', value });
        break;
      }
      case 'session.created':
      case 'session.updated':
      case 'session.deleted':
        this.threadChanged(event.properties.info.id);
        break;
      case 'session.status':
      case 'session.idle':
      case 'todo.updated': // A thread's todos are part of it.
        this.threadChanged(event.properties.sessionID);
        break;
      default:
        break;
    }
  }
}
