import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rememberSecrets, testLogDir } from './test-logs.js';

export interface GatewayProcess {
  /** e.g. http://127.0.0.1:4301 */
  url: string;
  token: string;
  dataDir: string;
  /** The running process's id, if it runs. */
  pid(): number | undefined;
  stop(): Promise<void>;
  /** Everything the process printed (its log lines included), across restarts. */
  output(): string;
  /** Starts it again with the same data and port. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export interface StartGatewayOptions {
  /** The built gateway entry (apps/gateway/dist/main.mjs): a process, so no app code is imported. */
  entry: string;
  /** Unset: the gateway supervises its own `opencode serve` (give it OTTO_WORKSPACE and OpenCode's HOME in env). */
  opencodeUrl?: string;
  opencodePassword?: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
}

const LISTENING = /Otto Console on (http:\/\/\S+)/;

/** The node flags `npm start` runs the gateway with (root package.json): a process here is the same process. */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=2', '--enable-source-maps'] as const;

/** Runs the real gateway as its own process, as `npm start` would, against a given OpenCode. */
export async function startGatewayProcess(options: StartGatewayOptions): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'otto-gateway-'));
  const token = `e2e-${Math.random().toString(36).slice(2)}-operator-token`;
  // Its log files go under the run's root, outside dataDir, so the end-of-run secret check still finds them.
  const logDir = testLogDir('gateway-process');
  rememberSecrets(token, options.opencodePassword);
  let port = options.port ?? 0;
  let child: ChildProcess | undefined;
  let printed = '';

  const start = () =>
    new Promise<string>((resolve, reject) => {
      const spawned = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, options.entry], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          OTTO_PORT: String(port),
          OTTO_DATA_DIR: dataDir,
          OTTO_OPERATOR_TOKEN: token,
          OTTO_HEALTH_INTERVAL_MS: '500',
          OTTO_LOG_DIR: logDir,
          OPENCODE_URL: options.opencodeUrl,
          OPENCODE_SERVER_PASSWORD: options.opencodePassword,
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = spawned;
      let output = '';
      const timer = setTimeout(() => reject(new Error(`gateway did not start in time:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        printed += chunk.toString();
        const match = LISTENING.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      spawned.stdout.on('data', read);
      spawned.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        printed += chunk.toString();
      });
      spawned.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`gateway exited with ${code}:\n${output}`));
      });
    });

  const stop = async () => {
    const running = child;
    child = undefined;
    // A process a test killed with a signal has no exit code, only a signal code: it is gone all the same.
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };

  const url = await start();
  port = Number(new URL(url).port);
  return {
    url,
    token,
    dataDir,
    pid: () => child?.pid,
    stop,
    output: () => printed,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
