import { listPins, pinThread, unpinThread, type Store } from '@otto/store';
import { badInput } from '../errors.js';
import type { UpstreamView, Thread } from '../threads/thread-state.js';
import type { ThreadService } from '../threads/thread.service.js';
import { PEER_STALENESS_MS } from '../peer-staleness.js';

/** Past this many operators' sets, expired ones are dropped before another is kept. */
const PIN_SETS_KEPT = 256;

export interface PinServiceOptions {
  store: Store;
  threads: Pick<ThreadService, 'get' | 'require' | 'serverOf'>;
  /** Tells a thread that nobody knows any more (STALE) from one whose server could not be asked (UNKNOWN). */
  upstream: () => Promise<UpstreamView | null>;
  /** How many pins an operator may hold. */
  max: number;
  /** Told when a pin changed, so the operator's other consoles see it. */
  onChanged?: (threadId: string) => void;
  now?: () => number;
}

/**
 * The threads each operator pinned to their dashboard, kept in the database under the operator's id,
 * so a token and a console session of one operator share them. `Thread.pinned` reads an operator's
 * whole set once and keeps it a moment: a list of 50 threads costs one read, not 50.
 */
export class PinService {
  private readonly sets = new Map<string, { ids: Promise<ReadonlySet<string>>; loadedAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: PinServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Pins a thread that exists; pinning it again changes nothing; past `max`, BAD_USER_INPUT. */
  async pin(operatorId: string, threadId: string): Promise<Thread> {
    const thread = await this.options.threads.require(threadId);
    const outcome = await pinThread(this.options.store.db, { operatorId, threadId, at: this.now(), max: this.options.max });
    if (outcome === 'full') throw badInput(`At most ${this.options.max} threads can be pinned: unpin one first`, 'threadId');
    this.changed(operatorId, threadId);
    return thread;
  }

  /** Unpins a thread (whether or not it was pinned), even one that no longer exists. */
  async unpin(operatorId: string, threadId: string): Promise<Thread> {
    await unpinThread(this.options.store.db, operatorId, threadId);
    this.changed(operatorId, threadId);
    return this.threadOrGone(threadId);
  }

  /** The operator's pinned threads, oldest pin first; one gone from everywhere stays, so it can be unpinned. */
  async pinned(operatorId: string): Promise<Thread[]> {
    const pins = await listPins(this.options.store.db, operatorId);
    const ids = new Set(pins.map((pin) => pin.threadId));
    this.sets.set(operatorId, { ids: Promise.resolve(ids), loadedAt: this.now() });
    return Promise.all(pins.map((pin) => this.threadOrGone(pin.threadId)));
  }

  async isPinned(operatorId: string, threadId: string): Promise<boolean> {
    return (await this.setOf(operatorId)).has(threadId);
  }

  private setOf(operatorId: string): Promise<ReadonlySet<string>> {
    const kept = this.sets.get(operatorId);
    if (kept && this.now() - kept.loadedAt <= PEER_STALENESS_MS) return kept.ids;
    if (this.sets.size >= PIN_SETS_KEPT) this.dropExpired();
    const ids = listPins(this.options.store.db, operatorId).then((pins) => new Set(pins.map((pin) => pin.threadId)));
    const entry = { ids, loadedAt: this.now() };
    this.sets.set(operatorId, entry);
    // A failed read is not kept: the next request asks again.
    ids.catch(() => {
      if (this.sets.get(operatorId) === entry) this.sets.delete(operatorId);
    });
    return ids;
  }

  private changed(operatorId: string, threadId: string): void {
    this.sets.delete(operatorId);
    this.options.onChanged?.(threadId);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [operatorId, entry] of this.sets) if (now - entry.loadedAt > PEER_STALENESS_MS) this.sets.delete(operatorId);
  }

  /** The thread, or what can be said of one neither a binding nor OpenCode knows: gone (STALE), or not known right now (UNKNOWN). */
  private async threadOrGone(threadId: string): Promise<Thread> {
    const thread = await this.options.threads.get(threadId);
    if (thread) return thread;
    const server = this.options.threads.serverOf(threadId);
    const answered = (await this.options.upstream())?.servers.has(server) ?? false;
    return {
      id: threadId,
      title: '',
      state: answered ? 'STALE' : 'UNKNOWN',
      activity: answered ? 'IDLE' : 'UNKNOWN',
      binding: null,
      server,
      createdAt: null,
      updatedAt: null,
      session: null,
    };
  }
}
