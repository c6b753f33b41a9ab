import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicAuthHeader, spawnOpencodeServe, type OpencodeServe } from '@otto/opencode';
import { opencodeConfig } from './opencode-config.js';
import { rememberSecrets } from './test-logs.js';

export interface StartOpencodeOptions {
  /** The scripted model server's URL (`ModelServer.url`). */
  modelUrl: string;
  /** Bash permission; default `ask`. */
  permission?: 'ask' | 'allow' | 'deny';
  /** The scripted provider's key in config; `null` leaves it out (see `OpencodeConfigOptions.apiKey`). */
  apiKey?: string | null;
  /** Default 0: a free one; restart() keeps it. */
  port?: number;
  /** Default: a random one. */
  password?: string;
  /** Basic-auth user; default `opencode`. */
  username?: string;
  /** OpenCode's log lines (password masked); without it, OpenCode logs to a file under `home`. */
  onLog?: (line: string) => void;
}

export interface OpencodeInstance {
  /** e.g. http://127.0.0.1:4096; the same after restart(). */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** `Basic …` for the Authorization header. */
  readonly authHeader: string;
  /** The process's HOME: config and storage (`.local/share/opencode/opencode.db`). */
  readonly home: string;
  /** The `git init`-ed project directory OpenCode serves. */
  readonly workspace: string;
  /** The running server's process id (to pause it with SIGSTOP: a stalled OpenCode), if it runs. */
  pid(): number | undefined;
  /** Stops the server; its data stays. */
  stop(): Promise<void>;
  /** Starts it again (stopping it first if needed) on the same port with the same HOME and data. */
  restart(): Promise<void>;
  /** Stops the server and removes its temporary directories. */
  dispose(): Promise<void>;
}

export interface OpencodeHome {
  /** Holds home and workspace; remove it to clean up. */
  root: string;
  home: string;
  workspace: string;
  /** HOME, XDG dirs, the switches that keep OpenCode offline, and the one that offers the `question` tool. */
  env: NodeJS.ProcessEnv;
}

/**
 * A fresh HOME with the scripted-model config and a `git init`-ed workspace: everything a real
 * `opencode serve` needs to run offline. Used by the launcher below and by `npm run demo`.
 */
export function prepareOpencodeHome(options: {
  modelUrl: string;
  permission?: 'ask' | 'allow' | 'deny';
  apiKey?: string | null;
  /** Reuse (or create) this folder instead of a new temporary one, keeping sessions across runs. */
  root?: string;
}): OpencodeHome {
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'otto-opencode-'));
  const home = join(root, 'home');
  const workspace = join(root, 'workspace');
  const configDir = join(home, '.config', 'opencode');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(join(configDir, 'node_modules'), { recursive: true });
  if (!existsSync(join(workspace, '.git'))) execFileSync('git', ['init', '--quiet', workspace]);
  writeFileSync(join(configDir, 'opencode.json'), JSON.stringify(opencodeConfig(options), null, 2));
  // OpenCode installs @opencode-ai/plugin into every config directory in the background (an npm
  // download at each fresh HOME) unless this lockfile already lists it; no plugin is used here.
  writeFileSync(
    join(configDir, 'package-lock.json'),
    JSON.stringify({ packages: { '': { dependencies: { '@opencode-ai/plugin': '*' } } } }),
  );
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    // The agent's `question` tool (the scripted model's `[[question:…]]`), whatever OPENCODE_CLIENT says.
    OPENCODE_ENABLE_QUESTION_TOOL: '1',
  };
  return { root, home, workspace, env };
}

/** Starts a real `opencode serve` in a fresh HOME and workspace, wired to the scripted model. */
export async function startOpencode(options: StartOpencodeOptions): Promise<OpencodeInstance> {
  const { root, home, workspace, env } = prepareOpencodeHome(options);
  const username = options.username ?? 'opencode';
  const password = options.password ?? randomBytes(24).toString('base64url');
  rememberSecrets(password, basicAuthHeader(username, password));

  const spawnServe = (port: number) =>
    spawnOpencodeServe({ cwd: workspace, port, username, password, env, onLog: options.onLog });

  let serve: OpencodeServe | undefined;
  try {
    serve = await spawnServe(options.port ?? 0);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const url = serve.url;
  const port = Number(new URL(url).port);

  const stop = async () => {
    const current = serve;
    serve = undefined;
    await current?.stop();
  };

  return {
    url,
    username,
    password,
    authHeader: basicAuthHeader(username, password),
    home,
    workspace,
    pid: () => serve?.child.pid,
    stop,
    async restart() {
      await stop();
      serve = await spawnServe(port);
    },
    async dispose() {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
