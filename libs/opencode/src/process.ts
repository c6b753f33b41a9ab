import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { basicAuthHeader, freePort } from './net.js';

export interface SpawnOpencodeServeOptions {
  /** Directory OpenCode treats as its project (sessions created without a directory belong here). */
  cwd: string;
  /** Default 127.0.0.1. */
  hostname?: string;
  /**
   * Default 0: a free port picked here. (OpenCode's own choice for 0 is 4096 whenever it is free, so
   * servers started side by side would race for it, and one restarted on "its" port could find it taken.)
   */
  port?: number;
  /** Basic-auth user; OpenCode's own default is `opencode`. Only used together with `password`. */
  username?: string;
  /** Basic-auth password. Unset → the server is unsecured (OpenCode warns on stdout). */
  password?: string;
  /**
   * Added to the inherited environment. The inherited OPENCODE_SERVER_PASSWORD/USERNAME and
   * OPENCODE_CONFIG_CONTENT are dropped first, so the child's auth and config are exactly what these options say.
   */
  env?: NodeJS.ProcessEnv;
  /** Passed as OPENCODE_CONFIG_CONTENT, merged by OpenCode over global and project config files. */
  configContent?: object;
  /** Until listening and healthy. Default 30 s. */
  readyTimeoutMs?: number;
  /** Each health probe; a probe sent just after the port opens may never be answered. Default 1 s. */
  probeTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL in `stop()`. Default 5 s. */
  stopGraceMs?: number;
  /**
   * Every stdout/stderr line of the child, with the password and auth header masked. Given one, the
   * child prints its logs (at INFO, whatever its config says: they name sessions and paths, and
   * DEBUG might say more) rather than keeping them in a file under HOME.
   */
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface OpencodeServe {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:4096, without a trailing slash. */
  url: string;
  /** SIGTERM, SIGKILL after the grace period; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** What OpenCode prints, and nothing more, when its port is already taken. */
const PORT_TAKEN = /^ServeError$/;
const FREE_PORT_ATTEMPTS = 3;

class PortTakenError extends Error {}

const LISTENING = /opencode server listening on (https?:\/\/\S+)/;
const KEPT_LOG_LINES = 30;

/** Path of the `opencode` executable shipped by the `opencode-ai` npm package. */
export function resolveOpencodeBinary(): string {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve('opencode-ai/package.json');
  } catch {
    throw new Error('The opencode-ai package is not installed; add it to the dependencies and run npm install');
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.opencode;
  if (!bin) throw new Error(`opencode-ai at ${dirname(manifestPath)} declares no opencode binary`);
  const binary = join(dirname(manifestPath), bin);
  // opencode-ai's postinstall puts the platform binary there; installs with --ignore-scripts lack it.
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing; reinstall opencode-ai with its install script allowed`);
  }
  return binary;
}

// A server must not outlive the process that owns it, even when that process exits without calling stop().
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const orphan of running) orphan.kill('SIGKILL');
  });
}

/** Spawns `opencode serve` and resolves once it answers `GET /global/health` as healthy. */
export async function spawnOpencodeServe(options: SpawnOpencodeServeOptions): Promise<OpencodeServe> {
  if (options.port) return spawnOnPort(options, options.port);
  for (let attempt = 1; ; attempt += 1) {
    // Free when asked, but another process may take it before OpenCode binds it: then pick another.
    const port = await freePort(options.hostname ?? '127.0.0.1');
    try {
      return await spawnOnPort(options, port);
    } catch (error) {
      if (attempt >= FREE_PORT_ATTEMPTS || !(error instanceof PortTakenError)) throw error;
    }
  }
}

async function spawnOnPort(options: SpawnOpencodeServeOptions, port: number): Promise<OpencodeServe> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 1_000;
  const stopGraceMs = options.stopGraceMs ?? 5_000;
  const username = options.username ?? 'opencode';
  const authorization = options.password ? basicAuthHeader(username, options.password) : undefined;

  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPENCODE_SERVER_PASSWORD;
  delete env.OPENCODE_SERVER_USERNAME;
  delete env.OPENCODE_CONFIG_CONTENT;
  Object.assign(env, options.env);
  if (options.password) {
    env.OPENCODE_SERVER_PASSWORD = options.password;
    env.OPENCODE_SERVER_USERNAME = username;
  }
  if (options.configContent) env.OPENCODE_CONFIG_CONTENT = JSON.stringify(options.configContent);

  const secrets = [options.password, authorization?.slice('Basic '.length)].filter((s): s is string => !!s);
  const mask = (line: string) => secrets.reduce((masked, secret) => masked.split(secret).join('***'), line);

  const hostname = options.hostname ?? '127.0.0.1';
  const args = ['serve', '--hostname', hostname, '--port', String(port)];
  if (options.onLog) args.push('--print-logs', '--log-level', 'INFO');
  const child = spawn(resolveOpencodeBinary(), args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);

  const recent: string[] = [];
  let announced: ((url: string) => void) | undefined;
  const readLines = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') => {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (raw) => {
      // OpenCode colours its fatal errors even when stdout is a pipe.
      const line = mask(stripVTControlCharacters(raw).trimEnd());
      if (!line) return;
      recent.push(line);
      if (recent.length > KEPT_LOG_LINES) recent.shift();
      options.onLog?.(line, name);
      const match = LISTENING.exec(line);
      if (match?.[1]) announced?.(match[1].replace(/\/$/, ''));
    });
  };
  readLines(child.stdout!, 'stdout');
  readLines(child.stderr!, 'stderr');

  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // A binary that cannot be spawned at all reports 'error' and never 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) resolve();
    });
  });

  async function stop(): Promise<void> {
    if (child.pid === undefined || hasExited()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
  }

  const failure = (reason: string) =>
    new Error(`opencode serve ${reason}${recent.length ? `; last output:\n${recent.join('\n')}` : ''}`);

  const deadline = Date.now() + readyTimeoutMs;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(failure(`did not listen within ${readyTimeoutMs} ms`)), readyTimeoutMs);
      announced = (found) => {
        clearTimeout(timer);
        resolve(found);
      };
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(failure(`could not start: ${error.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        const error = failure(`exited (${signal ?? `code ${code}`}) before listening`);
        reject(recent.some((line) => PORT_TAKEN.test(line)) ? new PortTakenError(error.message) : error);
      });
    });
    await waitHealthy(url, authorization, deadline, probeTimeoutMs, hasExited, failure);
    return { child, url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitHealthy(
  url: string,
  authorization: string | undefined,
  deadline: number,
  probeTimeoutMs: number,
  hasExited: () => boolean,
  failure: (reason: string) => Error,
): Promise<void> {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (hasExited()) throw failure('exited before it was healthy');
    try {
      const response = await fetch(`${url}/global/health`, {
        headers,
        signal: AbortSignal.timeout(Math.min(probeTimeoutMs, Math.max(1, deadline - Date.now()))),
      });
      const body = (await response.json().catch(() => undefined)) as { healthy?: unknown } | undefined;
      if (response.ok && body?.healthy === true) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).name === 'TimeoutError' ? 'probe timed out' : String((error as Error).message);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw failure(`was not healthy at ${url} in time (${last})`);
}
