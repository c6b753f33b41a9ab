import type { OpencodePermission, OpencodeQuestion, OpencodeSession, OpencodeSessionStatus } from '@otto/opencode';
import type { MirrorSignal } from '../threads/session-mirror.js';
import type { MirrorView, UpstreamView } from '../threads/thread-state.js';
import type { OpencodeServer } from './opencode-server.js';

/**
 * The servers' mirrors read as one: the thread index sees every server that can be trusted right now,
 * and knows which of them answered, so a bound thread of a server that is away is UNKNOWN while the
 * others stay LIVE.
 */
export class MirrorSet {
  /** The last union, kept while no mirror changed: a poll of 1,000 threads must not copy maps each time. */
  private merged: { version: number; key: string; view: UpstreamView } | undefined;

  constructor(private readonly servers: readonly OpencodeServer[]) {}

  /** Moves whenever any mirror changes. */
  get version(): number {
    let sum = 0;
    for (const server of this.servers) sum += server.mirror.version;
    return sum;
  }

  /** The live mirrors' view, or null when none is live. */
  view(): UpstreamView | null {
    return this.combine(this.servers.map((server) => server.mirror.view()));
  }

  /** A trustworthy view of every server that can be asked, reconciling the ones not live; null when none can. */
  async freshView(): Promise<UpstreamView | null> {
    // Every poll of the thread list asks: while all mirrors are live, nothing needs awaiting.
    if (this.isLive()) return this.view();
    return this.combine(await Promise.all(this.servers.map((server) => server.mirror.freshView())));
  }

  lastKnown(sessionId: string): OpencodeSession | undefined {
    for (const server of this.servers) {
      const session = server.mirror.lastKnown(sessionId);
      if (session) return session;
    }
    return undefined;
  }

  sessionCount(): number {
    return this.servers.reduce((sum, server) => sum + server.mirror.sessionCount(), 0);
  }

  /** Hears every mirror. */
  listen(listener: (signal: MirrorSignal) => void): () => void {
    const stops = this.servers.map((server) => server.mirror.listen(listener));
    return () => stops.forEach((stop) => stop());
  }

  /** Every mirror is live: what they hold is current. */
  isLive(): boolean {
    return this.servers.every((server) => server.mirror.isLive());
  }

  hasPermission(sessionId: string, permissionId: string): boolean {
    return this.servers.some((server) => server.mirror.hasPermission(sessionId, permissionId));
  }

  pendingPermissions(sessionId: string): OpencodePermission[] {
    return this.servers.flatMap((server) => server.mirror.pendingPermissions(sessionId));
  }

  pendingQuestions(sessionId: string): OpencodeQuestion[] {
    return this.servers.flatMap((server) => server.mirror.pendingQuestions(sessionId));
  }

  /** One server's view as it is, nothing copied; the same object while its maps are. */
  private single(server: OpencodeServer, view: MirrorView): UpstreamView {
    const last = this.merged?.view;
    if (last && last.sessions === view.sessions && last.statuses === view.statuses) return last;
    const servers = new Set([server.name]);
    const single: UpstreamView = { ...view, servers, serverOf: (id) => (view.sessions.has(id) ? server.name : undefined) };
    this.merged = { version: -1, key: server.name, view: single };
    return single;
  }

  private combine(views: (MirrorView | null)[]): UpstreamView | null {
    const answered = this.servers.filter((_server, index) => views[index]);
    if (answered.length === 0) return null;
    if (this.servers.length === 1) return this.single(this.servers[0] as OpencodeServer, views[0] as MirrorView);
    const version = this.version;
    const key = answered.map((server) => server.name).join('\n');
    if (this.merged?.version === version && this.merged.key === key) return this.merged.view;
    const sessions = new Map<string, OpencodeSession>();
    const statuses = new Map<string, OpencodeSessionStatus>();
    const holder = new Map<string, string>();
    answered.forEach((server) => {
      const view = views[this.servers.indexOf(server)] as MirrorView;
      for (const [id, session] of view.sessions) {
        // The first server to report an id keeps it; a bind of such an id is refused as ambiguous.
        if (holder.has(id)) continue;
        holder.set(id, server.name);
        sessions.set(id, session);
        const status = view.statuses.get(id);
        if (status) statuses.set(id, status);
      }
    });
    const view: UpstreamView = {
      sessions,
      statuses,
      servers: new Set(key.split('\n')),
      serverOf: (id) => holder.get(id),
    };
    this.merged = { version, key, view };
    return view;
  }
}

