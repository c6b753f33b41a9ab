import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { spawnOpencodeServe, type OpencodeServe } from './process.js';

export interface SuperviseOptions {
  /** The workspace OpenCode works in. */
  cwd: string;
  hostname?: string;
  env?: NodeJS.ProcessEnv;
  configContent?: object;
  onLog?: (line: string) => void;
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

/** A free loopback port, so the URL the gateway talks to survives restarts. */
async function freePort(hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, hostname, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Runs the gateway's own `opencode serve` on a fixed loopback port with a random password, and
 * restarts it with backoff whenever it exits. Returns at once; the gateway's health probe reports
 * when OpenCode is up.
 */
export async function superviseOpencode(options: SuperviseOptions): Promise<OpencodeSupervisor> {
  const hostname = options.hostname ?? '127.0.0.1';
  const port = await freePort(hostname);
  const username = 'opencode';
  const password = randomBytes(24).toString('base64url');
  const initial = options.initialBackoffMs ?? 1_000;
  const max = options.maxBackoffMs ?? 30_000;
  let backoff = initial;
  let stopped = false;
  let current: OpencodeServe | undefined;
  let wake: (() => void) | undefined;

  const run = async () => {
    while (!stopped) {
      const startedAt = Date.now();
      let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
      try {
        const server = await spawnOpencodeServe({
          cwd: options.cwd,
          hostname,
          port,
          username,
          password,
          env: options.env,
          configContent: options.configContent,
          onLog: options.onLog,
        });
        current = server;
        if (stopped) {
          await server.stop();
          return;
        }
        exit = await new Promise((resolve) =>
          server.child.once('exit', (code, signal) => resolve({ code, signal })),
        );
      } catch {
        // Failed to start or become healthy: same backoff as a crash.
      }
      current = undefined;
      if (stopped) return;
      if (Date.now() - startedAt > 60_000) backoff = initial;
      options.onExit?.({ ...exit, restartInMs: backoff });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      backoff = Math.min(backoff * 2, max);
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
