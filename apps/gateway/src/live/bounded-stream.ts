import { codedError } from '../errors.js';
import type { MessageView } from '../messages/message-view.js';
import type { ThreadEventValue } from './thread-event.js';

/** What a subscriber is sent, before it is resolved into a GraphQL value at delivery. */
export type LiveItem =
  /** Text appended to a part: many of these, each small. */
  | { kind: 'delta'; messageId: string; partId: string; text: boolean; delta: string }
  /**
   * A message changed: `view` is the message as it was then, shared by every subscriber. Without one
   * (a reader that fell behind) it is resolved at delivery to the message as it is by then.
   */
  | { kind: 'message'; messageId: string; view?: MessageView }
  /** A thread changed; resolved to the thread as it is at delivery. */
  | { kind: 'thread'; threadId: string }
  /** Delivered as it is. */
  | { kind: 'other'; value: ThreadEventValue };

/**
 * One subscriber's queue, at most `capacity` items. A reader that falls behind loses deltas, never
 * correctness: a message's queued deltas give way to one `message` item, which is delivered as the
 * whole message so far (and deltas for it wait until then). Identical thread and message items are
 * queued once, since they are resolved when delivered. Only when a queue holds nothing that can give
 * way does the stream end, with SLOW_CONSUMER. A thread or message item queued again moves to the end
 * (it is resolved when delivered, so one is enough, and it must come after what happened before it).
 * Items are pushed synchronously as events arrive, so a subscriber sees every event after the moment
 * it subscribed.
 */
export class BoundedStream implements AsyncIterableIterator<LiveItem> {
  private queue: LiveItem[] = [];
  /** Messages with a `message` item queued: their further deltas are already part of it. */
  private readonly resyncing = new Set<string>();
  private waiting: { resolve: (result: IteratorResult<LiveItem>) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private done = false;

  constructor(
    private readonly capacity: number,
    private readonly onClose: () => void,
  ) {}

  push(item: LiveItem): void {
    if (this.done || this.failure) return;
    if (item.kind === 'delta' && this.resyncing.has(item.messageId)) return;
    if (item.kind === 'message' || item.kind === 'thread') this.queue = this.queue.filter((queued) => !sameTarget(queued, item));
    // A newer picture of the message holds every delta that was being held back for it.
    if (item.kind === 'message') this.resyncing.delete(item.messageId);
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      this.take(item);
      resolve({ value: item, done: false });
      return;
    }
    if (this.queue.length >= this.capacity && !this.makeRoom(item)) {
      this.fail(codedError('SLOW_CONSUMER', `This subscription fell more than ${this.capacity} events behind; subscribe again and read the thread`));
      return;
    }
    if (item.kind === 'delta' && this.resyncing.has(item.messageId)) return;
    this.queue.push(item);
  }

  /** Ends the stream with an error after what is queued. */
  fail(error: Error): void {
    this.queue = [];
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      this.done = true;
      reject(error);
    } else {
      this.failure = error;
    }
    this.close();
  }

  next(): Promise<IteratorResult<LiveItem>> {
    const item = this.queue.shift();
    if (item) {
      this.take(item);
      return Promise.resolve({ value: item, done: false });
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      this.done = true;
      return Promise.reject(failure);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<LiveItem>> {
    this.done = true;
    this.queue = [];
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = null;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<LiveItem>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LiveItem> {
    return this;
  }

  get length(): number {
    return this.queue.length;
  }

  private closed = false;
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  /** An item leaving the queue: a delivered catch-up item lets its message's deltas through again. */
  private take(item: LiveItem): void {
    if (item.kind === 'message' && !item.view) this.resyncing.delete(item.messageId);
  }

  /** Folds the deltas of the message with the most queued ones into one `message` item; false when there are none. */
  private makeRoom(incoming: LiveItem): boolean {
    const counts = new Map<string, number>();
    for (const queued of this.queue) if (queued.kind === 'delta') counts.set(queued.messageId, (counts.get(queued.messageId) ?? 0) + 1);
    if (incoming.kind === 'delta') counts.set(incoming.messageId, (counts.get(incoming.messageId) ?? 0) + 1);
    const [messageId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (messageId === undefined) return false;
    const at = this.queue.findIndex((queued) => queued.kind === 'delta' && queued.messageId === messageId);
    this.queue = this.queue.filter((queued) => !(queued.kind === 'delta' && queued.messageId === messageId) && !(queued.kind === 'message' && queued.messageId === messageId));
    this.queue.splice(at === -1 ? this.queue.length : Math.min(at, this.queue.length), 0, { kind: 'message', messageId });
    // Until it is delivered (resolved then, to all the text so far), this message's deltas are part of it.
    this.resyncing.add(messageId);
    return this.queue.length < this.capacity;
  }
}

function sameTarget(a: LiveItem, b: LiveItem): boolean {
  if (a.kind === 'message' && b.kind === 'message') return a.messageId === b.messageId;
  if (a.kind === 'thread' && b.kind === 'thread') return a.threadId === b.threadId;
  return false;
}
