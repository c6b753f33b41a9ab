import { randomBytes } from 'node:crypto';
import { Backoff } from './backoff.js';
import { freePort } from './net.js';
import { spawnOpencodeServe, type OpencodeServe } from './process.js';
import {
  describeExit,
  SupervisionHistory,
  type CrashLoopLimits,
  type RestartEvent,
  type SupervisorState,
} from './supervision-history.js';

export interface SuperviseOptions {
  /** The workspace OpenCode works in. */
  cwd: string;
  hostname?: string;
  /** Added to the inherited environment; `OPENCODE_ENABLE_QUESTION_TOOL` is `1` unless set here. */
  env?: NodeJS.ProcessEnv;
  configContent?: object;
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Called in the child's own exit event (or as soon as a start fails), before the restart delay, so
   * the owner can report OpenCode down at once rather than at its next health probe. `restartInMs`
   * is null in a crash loop: nothing starts until `restart()`.
   */
  onExit?: (info: { code: number | null; signal: string | null; planned: boolean; restartInMs: number | null }) => void;
  /** After each start, once `opencode serve` answers: its health need not wait for the next probe. */
  onServing?: () => void;
  /** First restart delay; doubles up to maxBackoffMs, and resets after a minute of good health. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Unplanned exits that stop the restarts until `restart()`; default 5 within 10 minutes. */
  crashLoop?: Partial<CrashLoopLimits>;
}

export interface OpencodeSupervisor {
  url: string;
  username: string;
  password: string;
  /** The running server's process id, if one is running. */
  pid(): number | undefined;
  state(): SupervisorState;
  /** Newest first, the last 50. */
  restarts(): readonly RestartEvent[];
  /** When the running server was started, if one is running. */
  startedAt(): number | undefined;
  /**
   * Starts OpenCode again: out of a crash loop (its count starts over), at once when a restart is
   * waiting out its backoff, or by stopping the running server (a planned restart, never counted as a
   * crash). Resolves once a server it stops has exited; does nothing while one is starting.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * OpenCode offers its agent the `question` tool only for some clients (OPENCODE_CLIENT app, cli or
 * desktop; cli by default) or with this switch: the gateway relays questions, so it always wants it.
 */
export const QUESTION_TOOL_ENV = { OPENCODE_ENABLE_QUESTION_TOOL: '1' } as const;

/** A server that ran this long before exiting counts as healthy: its restart starts the backoff over. */
const HEALTHY_RUN_MS = 60_000;

const PLANNED_REASON = 'restarted on request';

/** A failed start's reason: the first clause of its error, without the server output that follows. */
const MAX_REASON = 200;
const startFailure = (error: unknown) =>
  `did not start: ${(error instanceof Error ? error.message : String(error)).split(/[;\n]/)[0]!.slice(0, MAX_REASON)}`;

/**
 * Runs the gateway's own `opencode serve` on a fixed loopback port with a random password, and
 * restarts it with backoff whenever it exits, until exits come so often that it is a crash loop.
 * Returns at once; the gateway's health probe reports when OpenCode is up.
 */
export async function superviseOpencode(options: SuperviseOptions): Promise<OpencodeSupervisor> {
  const hostname = options.hostname ?? '127.0.0.1';
  // Chosen once, so the URL the gateway talks to survives restarts.
  const port = await freePort(hostname);
  const username = 'opencode';
  const password = randomBytes(24).toString('base64url');
  const backoff = new Backoff(options.initialBackoffMs ?? 1_000, options.maxBackoffMs ?? 30_000);
  const history = new SupervisionHistory(options.crashLoop);
  let stopped = false;
  let current: OpencodeServe | undefined;
  let wake: (() => void) | undefined;
  /** Set by restart() just before it stops the running server, so that exit is not taken for a crash. */
  let plannedExit = false;

  /** The restart delay after an exit, announced to the owner; null once stopped or in a crash loop. */
  const exited = (startedAt: number, code: number | null, signal: string | null, reason: string): number | null => {
    if (stopped) return null;
    const planned = plannedExit;
    plannedExit = false;
    if (Date.now() - startedAt > HEALTHY_RUN_MS) backoff.reset();
    const restarting = history.exited({ code, signal, reason: planned ? PLANNED_REASON : reason, planned });
    const restartInMs = !restarting ? null : planned ? 0 : backoff.next();
    options.onExit?.({ code, signal, planned, restartInMs });
    return restartInMs;
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : undefined;
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    while (!stopped) {
      history.starting();
      const startedAt = Date.now();
      let restartInMs: number | null;
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
        history.serving(startedAt);
        options.onServing?.();
        restartInMs = await new Promise<number | null>((resolve) => {
          const onChildExit = (code: number | null, signal: string | null) => {
            current = undefined;
            resolve(exited(startedAt, code, signal, describeExit(code, signal)));
          };
          const { child } = server;
          // It may have died between turning healthy and this listener.
          if (child.exitCode !== null || child.signalCode !== null) onChildExit(child.exitCode, child.signalCode);
          else child.once('exit', onChildExit);
        });
      } catch (error) {
        // Failed to start or become healthy: same backoff as a crash.
        restartInMs = exited(startedAt, null, null, startFailure(error));
      }
      if (stopped) return;
      // Read together with the pause it decides, so a restart() just before cannot be missed: in a
      // crash loop nothing starts until restart() or stop() wakes this.
      await pause(history.state() === 'CRASH_LOOP' ? Infinity : (restartInMs ?? 0));
    }
  };
  const loop = run();

  return {
    url: `http://${hostname}:${port}`,
    username,
    password,
    pid: () => current?.child.pid,
    state: () => history.state(),
    restarts: () => history.restarts(),
    startedAt: () => history.startedAt() ?? undefined,
    async restart() {
      // Starting: one is on its way up already. Stopped: the owner is shutting down.
      const state = history.state();
      if (state === 'CRASH_LOOP') {
        history.resume();
        backoff.reset();
        wake?.();
      } else if (state === 'BACKING_OFF') {
        history.starting();
        wake?.();
      } else if (state === 'RUNNING') {
        plannedExit = true;
        await current?.stop();
      }
    },
    async stop() {
      stopped = true;
      history.stopped();
      wake?.();
      await current?.stop();
      await loop;
    },
  };
}
