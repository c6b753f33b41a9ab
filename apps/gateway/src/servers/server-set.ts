import { badInput, codedError } from '../errors.js';
import type { UpstreamStatus } from '../system/health.service.js';
import type { OpencodeServer } from './opencode-server.js';

/**
 * The OpenCode servers behind the gateway, and which one holds a thread. A session is looked for in
 * the servers' mirrors first; a bound one whose server is away is found by its binding's server.
 */
export class ServerSet {
  private readonly byName: ReadonlyMap<string, OpencodeServer>;
  /** Bound sessions' servers, as the bindings say: the way to a thread its server's mirror does not hold. */
  private readonly routes = new Map<string, string>();

  constructor(readonly all: readonly OpencodeServer[]) {
    if (all.length === 0) throw new Error('at least one OpenCode server is needed');
    this.byName = new Map(all.map((server) => [server.name, server]));
  }

  /** The default server: new threads go there unless another is named. */
  get first(): OpencodeServer {
    return this.all[0] as OpencodeServer;
  }

  get names(): string[] {
    return this.all.map((server) => server.name);
  }

  /** The server of that name; BAD_USER_INPUT naming the field when there is none. */
  named(name: string, field: string): OpencodeServer {
    const server = this.byName.get(name);
    if (!server) throw badInput(`No OpenCode server named "${name}"; the servers are ${this.names.join(', ')}`, field);
    return server;
  }

  /** Records where the bindings say sessions live. */
  noteBound(bindings: Iterable<{ sessionId: string; server: string }>): void {
    for (const { sessionId, server } of bindings) this.routes.set(sessionId, server);
  }

  /** The servers whose mirrors hold the session now (more than one: the id is ambiguous). */
  holders(sessionId: string): OpencodeServer[] {
    return this.all.filter((server) => server.mirror.lastKnown(sessionId) !== undefined);
  }

  /**
   * The server that holds a thread: the bound one when its mirror has it or nobody else's does, else the
   * one whose mirror has it, else the default server (which then answers NOT_FOUND or that it is away).
   */
  of(sessionId: string): OpencodeServer {
    if (this.all.length === 1) return this.first;
    const bound = this.byName.get(this.routes.get(sessionId) ?? '');
    if (bound?.mirror.lastKnown(sessionId)) return bound;
    const holders = this.holders(sessionId);
    return holders[0] ?? bound ?? this.first;
  }

  /** For a bind: exactly one server may hold the session. */
  single(sessionId: string): OpencodeServer | undefined {
    const holders = this.holders(sessionId);
    if (holders.length > 1) {
      throw codedError('AMBIGUOUS_THREAD', `Session ${sessionId} is held by several OpenCode servers (${holders.map((s) => s.name).join(', ')}); Otto cannot tell which is meant`);
    }
    return holders[0];
  }

  /** The best of the servers' health: the gateway can work while any one of them answers. */
  bestStatus(): UpstreamStatus {
    const statuses = new Set(this.all.map((server) => server.health.current().status));
    return statuses.has('UP') ? 'UP' : statuses.has('DEGRADED') ? 'DEGRADED' : 'DOWN';
  }

  start(): void {
    for (const server of this.all) {
      server.mirror.start();
      server.health.start();
    }
  }

  close(): void {
    for (const server of this.all) {
      server.mirror.close();
      server.health.close();
    }
  }
}
