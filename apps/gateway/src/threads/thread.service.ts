import { isOpencodeError, type OpencodeSession } from '@otto/opencode';
import {
  bindSession,
  getBinding,
  listBindings,
  unbindSession,
  loadThreadCache,
  markBindingsSeen,
  saveThreadCache,
  type Binding,
  type Store,
  type ThreadCacheEntry,
} from '@otto/store';
import { notFound } from '../errors.js';
import type { BindingSource } from './binding-source.js';
import type { MirrorSet } from '../servers/mirror-set.js';
import type { OpencodeServer } from '../servers/opencode-server.js';
import type { ServerSet } from '../servers/server-set.js';
import { mergeThreads, liveThread, type Thread } from './thread-state.js';
import { PEER_STALENESS_MS } from '../peer-staleness.js';

const MEMO_ENTRIES = 16;

/**
 * The thread index: bindings from the store merged with OpenCode metadata from the mirror.
 * Listing costs OpenCode nothing while the mirror is live, and one reconcile when it is not.
 */
export class ThreadService {
  private pending = new Map<string, OpencodeSession>();
  private flushTimer: NodeJS.Timeout | undefined;
  private bindings: { list: Promise<Binding[]>; loadedAt: number; version: number } | undefined;
  private bindingsVersion = 0;
  /** Merged lists by (bindings, mirror, arguments): pollers asking the same thing share one merge. */
  private readonly memo = new Map<string, Thread[]>();

  constructor(
    private readonly store: Store,
    private readonly servers: ServerSet,
    private readonly mirror: MirrorSet,
    private readonly onCacheError: (error: unknown) => void = () => undefined,
    /** Told when a mutation here changed a thread (created, bound, unbound), for its live watchers. */
    private readonly onChanged: (threadId: string) => void = () => undefined,
  ) {}

  /** Batches cache writes: a streaming reply updates its session many times a second. */
  rememberLater(sessions: OpencodeSession[], delayMs = 500): void {
    for (const session of sessions) this.pending.set(session.id, session);
    this.flushTimer ??= setTimeout(() => void this.flush(), delayMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const sessions = [...this.pending.values()];
    this.pending = new Map();
    if (sessions.length) await this.remember(sessions).catch(this.onCacheError);
  }

  async list(options: { includeUnbound: boolean; search?: string; server?: string }): Promise<Thread[]> {
    if (options.server !== undefined) this.servers.named(options.server, 'server');
    const [{ list: bindings, version }, upstream] = await Promise.all([this.currentBindings(), this.mirror.freshView()]);
    const key = upstream ? `${version}|${this.mirror.version}|${[...upstream.servers].join()}|${options.includeUnbound}|${options.search ?? ''}|${options.server ?? ''}` : undefined;
    const remembered = key ? this.memo.get(key) : undefined;
    if (remembered) return remembered;
    const missing = bindings.map((b) => b.sessionId).filter((id) => !upstream?.sessions.has(id));
    const cache = missing.length ? await this.cacheFor(missing) : new Map<string, ThreadCacheEntry>();
    const merged = mergeThreads({ bindings, upstream, cache, includeUnbound: options.includeUnbound, search: options.search });
    const threads = options.server === undefined ? merged : merged.filter((thread) => thread.server === options.server);
    if (key) {
      if (this.memo.size >= MEMO_ENTRIES) this.memo.clear();
      this.memo.set(key, threads);
    }
    return threads;
  }

  /** Creates an OpenCode session on a server (the default one unless named) and binds it; a session that cannot be bound is deleted again. */
  async create(input: { title: string; key?: string; source: BindingSource; server?: string }): Promise<Thread> {
    const server = input.server === undefined ? this.servers.first : this.servers.named(input.server, 'input.server');
    const session = await server.port.createSession({ title: input.title });
    server.mirror.remember(session);
    try {
      await this.bindKnown(session, input.key ?? `${input.source}:${session.id}`, input.source, server);
    } catch (error) {
      // Nothing half-done: a session Otto could not bind is removed again.
      await server.port.deleteSession(session.id).catch(() => undefined);
      throw error;
    }
    return this.require(session.id);
  }

  /** Binds an existing session (or rebinds it under another key); AMBIGUOUS_THREAD when two servers report it. */
  async bind(input: { sessionId: string; key: string; source: BindingSource }): Promise<Thread> {
    const holder = this.servers.single(input.sessionId);
    const session = await this.requireSession(input.sessionId);
    await this.bindKnown(session, input.key, input.source, holder ?? this.servers.of(input.sessionId));
    return this.require(input.sessionId);
  }

  /** Removes a binding (NOT_FOUND when there is none); the thread as it is now, or null. */
  async unbind(sessionId: string): Promise<Thread | null> {
    const removed = await unbindSession(this.store.db, sessionId);
    this.bindings = undefined;
    if (!removed) throw notFound(`Thread ${sessionId} is not bound`);
    this.onChanged(sessionId);
    return this.get(sessionId);
  }

  /** Stops what the agent is doing in the thread. */
  async abort(sessionId: string): Promise<Thread> {
    await this.requireSession(sessionId);
    await this.servers.of(sessionId).port.abort(sessionId);
    return this.require(sessionId);
  }

  /** The name of the OpenCode server that holds (or would hold) the thread. */
  serverOf(sessionId: string): string {
    return this.servers.of(sessionId).name;
  }

  /** A thread that must exist (bound or known to OpenCode); NOT_FOUND otherwise. */
  async require(sessionId: string): Promise<Thread> {
    const thread = await this.get(sessionId);
    if (!thread) throw notFound(`No thread ${sessionId}`);
    return thread;
  }

  private async bindKnown(session: OpencodeSession, key: string, source: BindingSource, server: OpencodeServer): Promise<void> {
    const binding = await bindSession(this.store.db, { sessionId: session.id, key, source, boundAt: Date.now(), server: server.name });
    this.servers.noteBound([binding]);
    this.bindings = undefined;
    await this.remember([session], binding);
    this.onChanged(session.id);
  }

  private async currentBindings(): Promise<{ list: Binding[]; version: number }> {
    if (!this.bindings || Date.now() - this.bindings.loadedAt > PEER_STALENESS_MS) {
      const list = listBindings(this.store.db);
      this.bindings = { list, loadedAt: Date.now(), version: ++this.bindingsVersion };
      list.then(
        (bindings) => this.servers.noteBound(bindings),
        () => {
          this.bindings = undefined;
        },
      );
    }
    return { list: await this.bindings.list, version: this.bindings.version };
  }

  /** How much longer the binding list read last is trusted; a list not read yet (or dropped) is read afresh. */
  bindingsFreshForMs(): number {
    if (!this.bindings) return PEER_STALENESS_MS;
    return Math.max(0, this.bindings.loadedAt + PEER_STALENESS_MS - Date.now());
  }

  /** One thread, or null when neither a binding nor OpenCode knows the id. */
  async get(sessionId: string): Promise<Thread | null> {
    const [binding, upstream] = await Promise.all([getBinding(this.store.db, sessionId), this.mirror.freshView()]);
    if (binding) this.servers.noteBound([binding]);
    if (upstream) {
      const session = upstream.sessions.get(sessionId);
      if (session) return liveThread(session, binding ?? null, upstream);
      if (!binding) return null;
    }
    const cache = await this.cacheFor([sessionId]);
    const [thread] = mergeThreads({ bindings: binding ? [binding] : [], upstream, cache, includeUnbound: false });
    return thread ?? null;
  }

  /**
   * The OpenCode session behind a thread, for mutations: NOT_FOUND when its server does not have it.
   * From the server's mirror while it is live; else asked, within the caller's deadline.
   */
  async requireSession(sessionId: string, signal?: AbortSignal): Promise<OpencodeSession> {
    const server = this.servers.of(sessionId);
    const upstream = server.mirror.view();
    const known = upstream?.sessions.get(sessionId);
    if (known) return known;
    if (upstream) throw notFound(`No thread ${sessionId} in OpenCode`);
    try {
      return await server.port.getSession(sessionId, { signal });
    } catch (error) {
      if (isOpencodeError(error, 'NOT_FOUND')) throw notFound(`No thread ${sessionId} in OpenCode`);
      throw error;
    }
  }

  /** Keeps the title and times of bound sessions, for the UNKNOWN state after a restart. */
  async remember(sessions: OpencodeSession[], binding?: Binding): Promise<void> {
    const bound = new Set(binding ? [binding.sessionId] : (await this.currentBindings()).list.map((b) => b.sessionId));
    const now = Date.now();
    const entries = sessions
      .filter((session) => bound.has(session.id))
      .map((session) => ({
        sessionId: session.id,
        title: session.title,
        createdAt: session.time.created,
        updatedAt: session.time.updated,
        cachedAt: now,
      }));
    if (entries.length === 0) return;
    await saveThreadCache(this.store.db, entries);
    await markBindingsSeen(this.store.db, entries.map((entry) => entry.sessionId), now);
  }

  private async cacheFor(sessionIds: string[]): Promise<Map<string, ThreadCacheEntry>> {
    const cache = await loadThreadCache(this.store.db, sessionIds);
    // The mirror's last copy is newer than the store's when OpenCode dropped during this process.
    for (const id of sessionIds) {
      const last = this.mirror.lastKnown(id);
      if (last) {
        cache.set(id, { sessionId: id, title: last.title, createdAt: last.time.created, updatedAt: last.time.updated, cachedAt: Date.now() });
      }
    }
    return cache;
  }
}
