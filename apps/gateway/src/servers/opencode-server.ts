import type { OpencodePort } from '@otto/opencode';
import { HealthMonitor } from '../system/health.service.js';
import { SessionMirror } from '../threads/session-mirror.js';
import type { OpencodeSession } from '@otto/opencode';

/** One OpenCode server behind the gateway: how to reach it, its own mirror and its own health probe. */
export interface OpencodeServer {
  readonly name: string;
  readonly port: OpencodePort;
  readonly mirror: SessionMirror;
  readonly health: HealthMonitor;
}

export interface ServerHooks {
  healthIntervalMs: number;
  /** Sessions whose metadata changed, for the thread cache. */
  onSessions: (sessions: OpencodeSession[]) => void;
  /** A probe found the server gone: sends waiting on it end now. */
  onDown: (server: string, reason: string) => void;
}

export function createOpencodeServer(name: string, port: OpencodePort, hooks: ServerHooks): OpencodeServer {
  const mirror: SessionMirror = new SessionMirror(port, {
    onSessions: hooks.onSessions,
    // The stream dropping is the first sign a server went away: probe it now, not at the next tick.
    onDisconnect: () => void health.probe(),
  });
  const health: HealthMonitor = new HealthMonitor(port, {
    intervalMs: hooks.healthIntervalMs,
    mirrorLive: () => mirror.isLive(),
    onRecovered: () => mirror.nudge(),
    onHealthy: () => mirror.heal(),
    onDown: (reason) => hooks.onDown(name, reason),
  });
  return { name, port, mirror, health };
}
