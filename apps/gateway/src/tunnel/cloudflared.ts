import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Backoff, describeExit, SupervisionHistory, type CrashLoopLimits, type SupervisorState } from '@otto/opencode';
import { isConnectionRegistered, parseCloudflaredLine, quickTunnelUrl } from './cloudflared-output.js';
import { TunnelUnavailableError, type TunnelPort, type TunnelState, type TunnelStatus } from './tunnel.port.js';

export interface CloudflaredOptions {
  /** OTTO_CLOUDFLARED_BIN: a path, or a name looked up in PATH. */
  bin: string;
  /** Where the tunnel leads: the gateway's own address, known only once it listens. */
  target: () => string;
  /** CLOUDFLARED_TOKEN: runs that named tunnel rather than a quick one; given to the child in TUNNEL_TOKEN only. */
  token?: string;
  /** OTTO_TUNNEL_URL: a named tunnel's address, which cloudflared does not print. */
  publicUrl?: string;
  /** Added to the inherited environment (the tests' stand-in reads its instructions there). */
  env?: NodeJS.ProcessEnv;
  /** First restart delay; doubles up to maxBackoffMs, and resets after a minute up. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Exits that make it give up (DOWN) until it is started again; default 5 within 10 minutes. */
  crashLoop?: Partial<CrashLoopLimits>;
  /** Between SIGTERM and SIGKILL when stopping. Default 5 s. */
  stopGraceMs?: number;
  /** Every line cloudflared prints, with the token masked. */
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** After each exit; `restartInMs` is null when it gives up. */
  onExit?: (info: { code: number | null; signal: string | null; reason: string; restartInMs: number | null }) => void;
}

/** A run that lasted this long counts as healthy: its restart starts the backoff over. */
const HEALTHY_RUN_MS = 60_000;
const MAX_REASON = 200;

const STATES: Record<SupervisorState, TunnelState> = {
  STARTING: 'STARTING',
  RUNNING: 'UP',
  BACKING_OFF: 'BACKING_OFF',
  CRASH_LOOP: 'DOWN',
  STOPPED: 'DOWN',
};

interface Run {
  status(): TunnelStatus;
  stop(): Promise<void>;
  /** Stopped, or given up after too many exits. */
  ended(): boolean;
}

/** The arguments for a quick tunnel to `target`, or for the named tunnel whose token is in TUNNEL_TOKEN. */
export function cloudflaredArgs(target: string, named: boolean): string[] {
  return named ? ['tunnel', '--no-autoupdate', 'run'] : ['tunnel', '--no-autoupdate', '--url', target];
}

/**
 * Runs cloudflared — the one module that does — and restarts it with backoff when it exits, as the
 * gateway's OpenCode is (the same Backoff and SupervisionHistory), until it exits too often.
 */
export function createCloudflaredTunnel(options: CloudflaredOptions): TunnelPort {
  let run: Run | undefined;
  let starting: Promise<void> | undefined;
  return {
    start() {
      if (run && !run.ended()) return Promise.resolve();
      starting ??= startRun(options)
        .then((started) => {
          run = started;
        })
        .finally(() => {
          starting = undefined;
        });
      return starting;
    },
    async stop() {
      await starting?.catch(() => undefined);
      await run?.stop();
    },
    status: () => run?.status() ?? { state: 'DOWN', url: null, lastError: null, restarts: 0 },
  };
}

async function startRun(options: CloudflaredOptions): Promise<Run> {
  const history = new SupervisionHistory(options.crashLoop);
  const backoff = new Backoff(options.initialBackoffMs ?? 1_000, options.maxBackoffMs ?? 30_000);
  const named = !!options.token;
  const mask = (line: string) => (options.token ? line.split(options.token).join('***') : line);
  let stopped = false;
  let gaveUp = false;
  let child: ChildProcess | undefined;
  let url: string | null = null;
  let lastError: string | null = null;
  let restarts = 0;
  let wake: (() => void) | undefined;

  const launch = (): ChildProcess => {
    history.starting();
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    delete env.TUNNEL_TOKEN;
    if (options.token) env.TUNNEL_TOKEN = options.token;
    const launched = spawn(options.bin, cloudflaredArgs(options.target(), named), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    track(launched);
    return launched;
  };

  /** Resolves with the reason once this child has exited, or could not be spawned. */
  const watch = (running: ChildProcess, startedAt: number) =>
    new Promise<{ code: number | null; signal: string | null; reason: string }>((resolve) => {
      let lastErrorLine: string | undefined;
      const onLine = (raw: string, stream: 'stdout' | 'stderr') => {
        const line = mask(raw.trimEnd());
        if (!line) return;
        options.onLog?.(line, stream);
        const { level, message } = parseCloudflaredLine(line);
        if (level === 'error' || level === 'fatal') lastErrorLine = message;
        const announced = named ? null : quickTunnelUrl(line);
        if (announced) url = announced;
        if (isConnectionRegistered(line) && history.state() === 'STARTING') {
          history.serving(startedAt);
          if (named) url = options.publicUrl ?? null;
        }
      };
      createInterface({ input: running.stdout!, crlfDelay: Infinity }).on('line', (line) => onLine(line, 'stdout'));
      createInterface({ input: running.stderr!, crlfDelay: Infinity }).on('line', (line) => onLine(line, 'stderr'));
      // 'close', not 'exit': by then its last lines (the error it exited with) have been read.
      running.once('close', (code, signal) => {
        const reason = describeExit(code, signal) + (lastErrorLine ? `: ${lastErrorLine}` : '');
        resolve({ code, signal, reason: reason.slice(0, MAX_REASON) });
      });
      running.once('error', (error) => {
        if (running.pid === undefined) resolve({ code: null, signal: null, reason: `could not start: ${error.message}`.slice(0, MAX_REASON) });
      });
    });

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  child = launch();
  await spawned(child, options.bin);

  const supervise = async (first: ChildProcess) => {
    let running = first;
    for (;;) {
      const startedAt = Date.now();
      const exit = await watch(running, startedAt);
      child = undefined;
      url = null;
      if (stopped) return;
      if (Date.now() - startedAt > HEALTHY_RUN_MS) backoff.reset();
      const again = history.exited({ ...exit, planned: false });
      const restartInMs = again ? backoff.next() : null;
      lastError = again ? exit.reason : `${exit.reason} (exited too often; not restarting until it is started again)`;
      options.onExit?.({ ...exit, restartInMs });
      if (restartInMs === null) {
        gaveUp = true;
        return;
      }
      await pause(restartInMs);
      if (stopped) return;
      restarts += 1;
      running = child = launch();
    }
  };
  const loop = supervise(child);

  return {
    status: () => ({ state: gaveUp ? 'DOWN' : STATES[history.state()], url, lastError, restarts }),
    ended: () => stopped || gaveUp,
    async stop() {
      stopped = true;
      history.stopped();
      wake?.();
      const running = child;
      if (running && running.exitCode === null && running.signalCode === null) {
        const exited = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        const timer = setTimeout(() => running.kill('SIGKILL'), options.stopGraceMs ?? 5_000);
        await exited;
        clearTimeout(timer);
      }
      await loop;
      url = null;
    },
  };
}

/** Resolves once the child runs; a program that cannot be run at all is TunnelUnavailableError. */
function spawned(child: ChildProcess, bin: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      const why = error.code === 'ENOENT' ? 'is not installed (not found)' : error.code === 'EACCES' ? 'is not executable' : `could not be run (${error.code ?? error.message})`;
      reject(new TunnelUnavailableError(`cloudflared ${why}: install it, or point OTTO_CLOUDFLARED_BIN at it (now "${bin}")`));
    });
  });
}


// A tunnel must not outlive the gateway, even one that exits without stopping it.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => {
    if (child.pid === undefined) running.delete(child);
  });
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const orphan of running) orphan.kill('SIGKILL');
  });
}
