import { randomBytes } from 'node:crypto';
import { Backoff } from './backoff.js';
import { freePort } from './net.js';
import { spawnOpencodeServe, type OpencodeServe } from './process.js';

export interface SuperviseOptions {
  /** The workspace OpenCode works in. */
  cwd: string;
  hostname?: string;
  /** Added to the inherited environment; `OPENCODE_ENABLE_QUESTION_TOOL` is `1` unless set here. */
  env?: NodeJS.ProcessEnv;
  configContent?: object;
  onLog?: (line: string) => void;
  /**
   * Called in the child's own exit event (or as soon as a start fails), before the restart delay, so
   * the owner can report OpenCode down at once rather than at its next health probe.
   */
  onExit?: (info: { code: number | null; signal: string | null; restartInMs: number }) => void;
  /** First restart delay; doubles up to maxBackoffMs, and resets after a minute of good health. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface OpencodeSupervisor {
  url: string;
  username: string;
  password: string;
  /** The running server's process id, if one is running. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

/**
 * OpenCode offers its agent the `question` tool only for some clients (OPENCODE_CLIENT app, cli or
 * desktop; cli by default) or with this switch: the gateway relays questions, so it always wants it.
 */
export const QUESTION_TOOL_ENV = { OPENCODE_ENABLE_QUESTION_TOOL: '1' } as const;

/** A server that ran this long before exiting counts as healthy: its restart starts the backoff over. */
const HEALTHY_RUN_MS = 60_000;

/**
 * Runs the gateway's own `opencode serve` on a fixed loopback port with a random password, and
 * restarts it with backoff whenever it exits. Returns at once; the gateway's health probe reports
 * when OpenCode is up.
 */
export async function superviseOpencode(options: SuperviseOptions): Promise<OpencodeSupervisor> {
  const hostname = options.hostname ?? '127.0.0.1';
  // Chosen once, so the URL the gateway talks to survives restarts.
  const port = await freePort(hostname);
  const username = 'opencode';
  const password = randomBytes(24).toString('base64url');
  const backoff = new Backoff(options.initialBackoffMs ?? 1_000, options.maxBackoffMs ?? 30_000);
  let stopped = false;
  let current: OpencodeServe | undefined;
  let wake: (() => void) | undefined;

  /** The restart delay after an unplanned exit, announced to the owner; undefined once stopped. */
  const exited = (startedAt: number, code: number | null, signal: string | null): number | undefined => {
    if (stopped) return undefined;
    if (Date.now() - startedAt > HEALTHY_RUN_MS) backoff.reset();
    const restartInMs = backoff.next();
    options.onExit?.({ code, signal, restartInMs });
    return restartInMs;
  };

  const run = async () => {
    while (!stopped) {
      const startedAt = Date.now();
      let restartInMs: number | undefined;
      try {
        const server = await spawnOpencodeServe({
          cwd: options.cwd,
          hostname,
          port,
          username,
          password,
          env: { ...QUESTION_TOOL_ENV, ...options.env },
          configContent: options.configContent,
          onLog: options.onLog,
        });
        current = server;
        if (stopped) {
          await server.stop();
          return;
        }
        restartInMs = await new Promise<number | undefined>((resolve) => {
          const onChildExit = (code: number | null, signal: string | null) => {
            current = undefined;
            resolve(exited(startedAt, code, signal));
          };
          const { child } = server;
          // It may have died between turning healthy and this listener.
          if (child.exitCode !== null || child.signalCode !== null) onChildExit(child.exitCode, child.signalCode);
          else child.once('exit', onChildExit);
        });
      } catch {
        // Failed to start or become healthy: same backoff as a crash.
        restartInMs = exited(startedAt, null, null);
      }
      if (restartInMs === undefined) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, restartInMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  const loop = run();

  return {
    url: `http://${hostname}:${port}`,
    username,
    password,
    pid: () => current?.child.pid,
    async stop() {
      stopped = true;
      wake?.();
      await current?.stop();
      await loop;
    },
  };
}
