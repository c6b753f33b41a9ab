import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOpencodeHome, rememberSecrets, startModelServer, testLogDir, type ModelServer, type OpencodeHome } from '@otto/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRYPOINT, imageEnv, REPO_ROOT } from './dockerfile.js';
import { eventually } from './harness.js';

// docker/entrypoint.sh run outside any container exactly as the image runs it: `sh entrypoint.sh`
// with the Dockerfile's environment, its paths pointed at this checkout and temporary folders, and
// an offline OpenCode home. The image itself cannot be built here (no Docker engine).

const TOKEN = 'entrypoint-test-git-token-5f3a9c';
rememberSecrets(TOKEN);
const GATEWAY_ENTRY = join(REPO_ROOT, 'apps/gateway/dist/main.mjs');
const LISTENING = /Otto Console on http:\/\/[^\s:]+:(\d+)/;

let root: string;
let model: ModelServer;
let home: OpencodeHome;
let bare: string;
let seed: string;
const outputs: string[] = [];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Otto Test', '-c', 'user.email=test@otto.invalid', ...args], { cwd, encoding: 'utf8' });
}

function commit(file: string, text: string): void {
  writeFileSync(join(seed, file), text);
  git(seed, 'add', file);
  git(seed, 'commit', '--quiet', '-m', `add ${file}`);
  git(seed, 'push', '--quiet', 'origin', 'main');
}

/** The image's environment (Dockerfile ENV) with its folders here, a free port, and what keeps OpenCode offline. */
function environment(workspace: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const image = imageEnv();
  const here: Record<string, string> = {
    OTTO_APP_ROOT: REPO_ROOT,
    OTTO_WORKSPACE: workspace,
    OTTO_DATA_DIR: mkdtempSync(join(root, 'data-')),
    OTTO_PORT: '0',
    // The image's HOME is in the data volume; here it is the offline OpenCode home.
    HOME: home.home,
  };
  // Only the paths and the port differ from the image; everything else it sets is as it is.
  expect(Object.keys(here).filter((name) => !(name in image))).toEqual([]);
  return { PATH: process.env.PATH, ...image, ...home.env, ...here, OTTO_LOG_DIR: testLogDir('entrypoint'), ...extra };
}

interface Started {
  port: number;
  pid: number;
  output(): string;
  /** SIGTERM, as `docker stop` sends it; resolves to the exit code. */
  stop(): Promise<number | null>;
}

async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn('sh', [ENTRYPOINT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start in time:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the entrypoint exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    pid: child.pid as number,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      outputs.push(output);
      return code;
    },
  };
}

/** A start that must not get as far as the gateway: its exit code and everything it printed. */
function refused(env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const result = spawnSync('sh', [ENTRYPOINT], { env, encoding: 'utf8', timeout: 60_000 });
  const output = result.stdout + result.stderr;
  outputs.push(output);
  return { status: result.status, output };
}

beforeAll(async () => {
  expect(existsSync(GATEWAY_ENTRY), 'the gateway is built by scripts/test-setup.sh (npm run build)').toBe(true);
  root = mkdtempSync(join(tmpdir(), 'otto-entrypoint-'));
  model = await startModelServer();
  home = prepareOpencodeHome({ modelUrl: model.url, root: join(root, 'opencode') });
  bare = join(root, 'origin.git');
  seed = join(root, 'seed');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  execFileSync('git', ['clone', '--quiet', bare, seed], { stdio: 'ignore' });
  git(seed, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  commit('README.md', '# the repository the agent works in\n');
});

afterAll(async () => {
  await model?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the image entrypoint with GIT_REPO_URL', () => {
  const repoUrl = () => `file://${bare}`;
  let workspace: string;

  it('clones the repository into the empty workspace and becomes the gateway, which answers /healthz', async () => {
    workspace = mkdtempSync(join(root, 'workspace-'));
    const gateway = await start(environment(workspace, { GIT_REPO_URL: repoUrl(), GIT_REF: 'main', GIT_TOKEN: TOKEN }));
    try {
      expect(readFileSync(join(workspace, 'README.md'), 'utf8')).toContain('the repository the agent works in');
      expect(git(workspace, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
      // Bound to every interface, as in the container, it prints links that open on this machine.
      expect(gateway.output()).toMatch(/^Otto Console on http:\/\/localhost:\d+$/m);
      const health = await fetch(`http://127.0.0.1:${gateway.port}/healthz`);
      expect(health.status).toBe(200);
      // And the `opencode serve` it supervises, in that workspace, answers too.
      await eventually(async () => (await fetch(`http://127.0.0.1:${gateway.port}/readyz`)).ok, 60_000, 250);
      // exec: the process the container would run is node itself, so `docker stop` reaches it.
      expect(readlinkSync(`/proc/${gateway.pid}/exe`)).toBe(realpathSync(process.execPath));
      // Neither the gateway nor the OpenCode it supervises (whose agent runs commands) holds the token.
      expect(readFileSync(`/proc/${gateway.pid}/environ`, 'utf8')).not.toContain(TOKEN);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  }, 180_000);

  it('fetches on the next start: a commit pushed meanwhile is in the workspace', async () => {
    commit('CHANGELOG.md', 'a later commit\n');
    const gateway = await start(environment(workspace, { GIT_REPO_URL: repoUrl(), GIT_TOKEN: TOKEN }));
    try {
      expect(readFileSync(join(workspace, 'CHANGELOG.md'), 'utf8')).toBe('a later commit\n');
      expect((await fetch(`http://127.0.0.1:${gateway.port}/healthz`)).status).toBe(200);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
    // Nothing of the token was written into the clone either.
    expect(readFileSync(join(workspace, '.git/config'), 'utf8')).not.toContain(TOKEN);
  }, 180_000);

  it('stops with one line and without the gateway when the clone fails', () => {
    const cases: Record<string, string>[] = [
      { GIT_REPO_URL: `file://${join(root, 'no-such-repository.git')}`, GIT_TOKEN: TOKEN },
      // Refused at once on port 1, after git had been offered the token.
      { GIT_REPO_URL: 'http://127.0.0.1:1/private.git', GIT_TOKEN: TOKEN },
      { GIT_REPO_URL: `https://x-access-token:${TOKEN}@127.0.0.1:1/private.git` },
      { GIT_REPO_URL: repoUrl(), GIT_REF: 'no-such-branch', GIT_TOKEN: TOKEN },
    ];
    for (const extra of cases) {
      const workspace = mkdtempSync(join(root, 'workspace-'));
      const { status, output } = refused(environment(workspace, extra));
      expect(status, output).not.toBe(0);
      expect(output.trimEnd().split('\n'), output).toHaveLength(1);
      expect(output).toMatch(/^otto: /);
      expect(output).not.toContain('Otto Console');
      // The clone this start made for a ref it then missed is gone, so the next start clones again.
      expect(readdirSync(workspace)).toEqual([]);
    }
  });
});

describe('the image entrypoint without GIT_REPO_URL', () => {
  it('stops with one line when the workspace is empty', () => {
    const { status, output } = refused(environment(mkdtempSync(join(root, 'workspace-'))));
    expect(status).not.toBe(0);
    expect(output).toMatch(/^otto: the workspace \S+ is empty: mount your repository there, or set GIT_REPO_URL to clone one\n$/);
  });

  it('serves a mounted folder as it is, git or not', async () => {
    const workspace = mkdtempSync(join(root, 'mounted-'));
    mkdirSync(join(workspace, 'src'));
    writeFileSync(join(workspace, 'src', 'index.ts'), 'export {};\n');
    const gateway = await start(environment(workspace));
    try {
      expect((await fetch(`http://127.0.0.1:${gateway.port}/healthz`)).status).toBe(200);
      expect(readdirSync(workspace)).toEqual(['src']);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  }, 180_000);
});

it('printed the token nowhere', () => {
  expect(outputs.length).toBeGreaterThan(0);
  for (const output of outputs) expect(output).not.toContain(TOKEN);
});
