import {
  Backoff,
  type OpencodeEvent,
  type OpencodePort,
  type OpencodePermission,
  type OpencodeQuestion,
  type OpencodeSession,
  type OpencodeSessionStatus,
} from '@otto/opencode';
import type { MirrorView } from './thread-state.js';

/** The longest wait between two attempts to reconnect the event stream. */
const MAX_RECONNECT_DELAY_MS = 10_000;

export interface MirrorOptions {
  /** Full re-list even while events flow, to heal anything an event missed. Default 60 s. */
  reconcileIntervalMs?: number;
  /** Least wait before reconnecting the event stream; doubles up to 10 s. */
  reconnectDelayMs?: number;
  /** Called with sessions whose metadata changed, so the caller can keep its cache. */
  onSessions?: (sessions: OpencodeSession[]) => void;
  /** Called when the event stream drops, so health can be probed at once. */
  onDisconnect?: () => void;
}

/**
 * A copy of OpenCode's session metadata, statuses and pending permissions, fed by its event
 * stream and reconciled by full lists. A thread-list query reads it and costs OpenCode nothing.
 * It is trusted only while the stream is connected and a reconcile has followed the connection.
 */
/** What the mirror tells its listeners: every OpenCode event it applied, and when it became trustworthy or stopped being so. */
export type MirrorSignal = { type: 'event'; event: OpencodeEvent } | { type: 'live' } | { type: 'down' };

export class SessionMirror {
  private readonly listeners = new Set<(signal: MirrorSignal) => void>();
  private sessions = new Map<string, OpencodeSession>();
  private statuses = new Map<string, OpencodeSessionStatus>();
  private permissions = new Map<string, OpencodePermission>();
  private questions = new Map<string, OpencodeQuestion>();
  private live = false;
  /** Bumped on every change, so readers can tell whether what they derived is still current. */
  version = 0;
  private connected = false;
  /** Counts the stream's connections, so a reconcile can tell whether it was asked for since the latest. */
  private connection = 0;
  private reconciling: Promise<void> | null = null;
  private eventsDuringReconcile: OpencodeEvent[] | null = null;
  private readonly stop = new AbortController();
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly adapter: OpencodePort,
    private readonly options: MirrorOptions = {},
  ) {}

  start(): void {
    void this.streamLoop();
    this.timer = setInterval(() => {
      if (this.connected) this.reconcile().catch(() => undefined);
    }, this.options.reconcileIntervalMs ?? 60_000);
    this.timer.unref();
  }

  close(): void {
    this.stop.abort();
    clearInterval(this.timer);
    this.wake?.();
  }

  /** Reconnect now instead of waiting out the backoff (health saw OpenCode come back). */
  nudge(): void {
    this.wake?.();
  }

  /** Retries the reconcile a connection could not complete (OpenCode was still starting). */
  heal(): void {
    if (this.connected && !this.live) this.reconcile().catch(() => undefined);
  }

  isLive(): boolean {
    return this.live;
  }

  /** Sessions held now, trusted or not. */
  sessionCount(): number {
    return this.sessions.size;
  }

  /** The mirror's view, or null when it cannot be trusted right now. */
  view(): MirrorView | null {
    return this.live ? { sessions: this.sessions, statuses: this.statuses } : null;
  }

  /**
   * A trustworthy view, reconciling first when the mirror is not live; null when OpenCode cannot be
   * asked. Costs at most one (coalesced) reconcile, whatever the number of threads.
   */
  async freshView(): Promise<MirrorView | null> {
    if (this.live) return this.view();
    try {
      await this.reconcile();
    } catch {
      return null;
    }
    // Just listed, so fresh for this read even while the stream is down; but then nothing keeps it
    // current, and the mirror stays not live (see runReconcile).
    return { sessions: this.sessions, statuses: this.statuses };
  }

  /** Last known metadata, trusted or not: the UNKNOWN-state fallback. */
  lastKnown(sessionId: string): OpencodeSession | undefined {
    return this.sessions.get(sessionId);
  }

  pendingPermissions(sessionId: string): OpencodePermission[] {
    if (!this.live) return [];
    return [...this.permissions.values()].filter((permission) => permission.sessionID === sessionId);
  }

  pendingQuestions(sessionId: string): OpencodeQuestion[] {
    if (!this.live) return [];
    return [...this.questions.values()].filter((question) => question.sessionID === sessionId);
  }

  /** Whether a permission or question of that id is pending here. */
  hasRequest(requestId: string): boolean {
    return this.permissions.has(requestId) || this.questions.has(requestId);
  }

  hasPermission(sessionId: string, permissionId: string): boolean {
    return this.permissions.get(permissionId)?.sessionID === sessionId;
  }

  /** Records what a mutation just learned, without waiting for the event. */
  remember(session: OpencodeSession): void {
    this.sessions.set(session.id, session);
    // A change like any other: a reader that derived something from the previous version (the thread
    // list's memo) would otherwise go on serving it without this session until the event arrives.
    this.version += 1;
  }

  reconcile(): Promise<void> {
    this.reconciling ??= this.runReconcile().finally(() => {
      this.reconciling = null;
    });
    return this.reconciling;
  }

  private async runReconcile(): Promise<void> {
    this.eventsDuringReconcile = [];
    const connection = this.connection;
    try {
      const [sessions, statuses, permissions, questions] = await Promise.all([
        this.adapter.listSessions(),
        this.adapter.sessionStatus(),
        this.adapter.listPermissions(),
        this.adapter.listQuestions(),
      ]);
      const late = this.eventsDuringReconcile;
      this.sessions = new Map(sessions.map((session) => [session.id, session]));
      this.statuses = new Map(Object.entries(statuses));
      this.permissions = new Map(permissions.map((permission) => [permission.id, permission]));
      this.questions = new Map(questions.map((question) => [question.id, question]));
      // Events that arrived while the lists were in flight are newer than the lists.
      for (const event of late) this.apply(event);
      // Only lists asked for while the stream was connected, and since its latest connection, cover
      // everything up to now: lists asked for while it was down (a freshView) or before it came back
      // missed whatever happened between their answer and the stream's return, and nothing told
      // the mirror. Marking those live trusted a stale copy until the next reconcile.
      const wasLive = this.live;
      this.live = this.connected && connection === this.connection;
      this.version += 1;
      if (this.live && !wasLive) this.notify({ type: 'live' });
      this.options.onSessions?.(sessions);
    } catch (error) {
      this.live = false;
      throw error;
    } finally {
      this.eventsDuringReconcile = null;
    }
  }

  /** Hears every event as it is applied, and the mirror's live/down changes; returns the way to stop. */
  listen(listener: (signal: MirrorSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(signal: MirrorSignal): void {
    for (const listener of this.listeners) listener(signal);
  }

  private handle(event: OpencodeEvent): void {
    if (event.type === 'server.connected') {
      this.connected = true;
      this.connection += 1;
      // A reconcile still in flight was asked for before this connection and cannot make the mirror
      // live; joining it would leave the mirror not live, so one more follows it.
      const earlier = this.reconciling;
      if (earlier) void earlier.catch(() => undefined).then(() => this.heal());
      else this.reconcile().catch(() => undefined);
      return;
    }
    this.eventsDuringReconcile?.push(event);
    this.apply(event);
    this.notify({ type: 'event', event });
  }

  private apply(event: OpencodeEvent): void {
    this.version += 1;
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        this.sessions.set(event.properties.info.id, event.properties.info);
        this.options.onSessions?.([event.properties.info]);
        break;
      case 'session.deleted':
        this.sessions.delete(event.properties.info.id);
        this.statuses.delete(event.properties.info.id);
        break;
      case 'session.status':
        if (event.properties.status.type === 'idle') this.statuses.delete(event.properties.sessionID);
        else this.statuses.set(event.properties.sessionID, event.properties.status);
        break;
      case 'session.idle':
        this.statuses.delete(event.properties.sessionID);
        break;
      case 'permission.asked':
        this.permissions.set(event.properties.id, event.properties);
        break;
      case 'permission.replied':
        this.permissions.delete(event.properties.requestID);
        break;
      case 'question.asked':
        this.questions.set(event.properties.id, event.properties);
        break;
      case 'question.replied':
      case 'question.rejected':
        this.questions.delete(event.properties.requestID);
        break;
      default:
        break;
    }
  }

  private async streamLoop(): Promise<void> {
    const backoff = new Backoff(this.options.reconnectDelayMs ?? 250, MAX_RECONNECT_DELAY_MS);
    while (!this.stop.signal.aborted) {
      try {
        await this.adapter.streamEvents((event) => {
          backoff.reset();
          this.handle(event);
        }, this.stop.signal);
      } catch {
        // The stream failing is the signal itself; health reports the reason.
      }
      if (this.stop.signal.aborted) return;
      const wasLive = this.live;
      this.connected = false;
      this.live = false;
      this.options.onDisconnect?.();
      if (wasLive) this.notify({ type: 'down' });
      const delay = backoff.next();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
