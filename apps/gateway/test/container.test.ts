import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assignments, readDockerfile, REPO_ROOT, type Stage } from './dockerfile.js';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The packages the gateway bundle loads from node_modules (the test setup builds it). */
function bundleImports(): string[] {
  const dist = join(REPO_ROOT, 'apps/gateway/dist');
  const names = new Set<string>();
  for (const file of readdirSync(dist).filter((name) => name.endsWith('.mjs'))) {
    for (const [, specifier] of readFileSync(join(dist, file), 'utf8').matchAll(/\b(?:from|import)\s*\(?\s*"([^"./][^"]*)"/g)) {
      if (specifier?.startsWith('node:')) continue;
      names.add(specifier?.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier?.split('/')[0] as string));
    }
  }
  return [...names];
}
const SECRET_NAME = /TOKEN|KEY|PASSWORD|SECRET/i;

describe('the Dockerfile', () => {
  const stages = readDockerfile();
  const run = stages.at(-1) as Stage;
  const byName = new Map(stages.map((stage) => [stage.name, stage]));
  const instructions = (stage: Stage, keyword: string) => stage.instructions.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);

  it('builds in a stage of its own and runs on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThan(1);
    expect(run.base).toBe('node:20-bookworm-slim');
    expect(stages.some((stage) => instructions(stage, 'RUN').some((args) => /\bnpm run build\b/.test(args)))).toBe(true);
  });

  it('runs as a user other than root', () => {
    const user = instructions(run, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('brings only production dependencies, without the test kit, into the image', () => {
    for (const copy of instructions(run, 'COPY').filter((args) => args.startsWith('--from='))) {
      const [from = '', ...paths] = copy.replace(/^--from=/, '').split(/\s+/);
      const sources = paths.slice(0, -1);
      // From the build stage only its output; everything else from a stage that installed with --omit=dev.
      if (sources.every((source) => /\/dist\/?$/.test(source))) continue;
      const source = byName.get(from);
      expect(source, `COPY --from=${from}`).toBeDefined();
      const installs = instructions(source as Stage, 'RUN').filter((args) => /\bnpm (install|ci)\b/.test(args));
      expect(installs.length).toBeGreaterThan(0);
      for (const install of installs) {
        expect(install).toMatch(/--omit=dev\b/);
        // better-sqlite3 and opencode-ai (which puts the opencode binary in place) need their install scripts.
        expect(install).not.toMatch(/--ignore-scripts/);
      }
      // A workspace present is a production dependency of the root: the test kit must not be.
      expect(instructions(source as Stage, 'COPY').join('\n')).not.toMatch(/libs\/testkit|apps\/console|^\.\s/m);
    }
  });

  it('installs, as its production-deps stage does, what the bundle imports and no test kit, browser driver or build tool', () => {
    const stage = byName.get('production-deps') as Stage;
    const dir = mkdtempSync(join(tmpdir(), 'otto-image-deps-'));
    try {
      for (const copy of instructions(stage, 'COPY')) {
        const paths = copy.split(/\s+/);
        const target = join(dir, paths.at(-1) as string);
        mkdirSync(target, { recursive: true });
        for (const source of paths.slice(0, -1)) copyFileSync(join(REPO_ROOT, source), join(target, basename(source)));
      }
      const install = instructions(stage, 'RUN').join(' ').match(/npm install [^&]*/)?.[0].trim().split(/\s+/).slice(1) ?? [];
      // From the lock alone: what npm would add, without touching the registry.
      const result = spawnSync('npm', [...install, '--dry-run', '--offline'], { cwd: dir, encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      const added = new Set([...result.stdout.matchAll(/^add (\S+) /gm)].map(([, name]) => name));
      for (const name of ['@otto/testkit', 'playwright-core', 'axe-core', 'vitest', 'esbuild', 'typescript', 'vite', 'vue', 'turbo']) expect(added, name).not.toContain(name);
      for (const name of ['opencode-ai', 'better-sqlite3', '@node-rs/argon2', ...bundleImports()]) expect(added, name).toContain(name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds no secret in an ARG or ENV', () => {
    for (const stage of stages) {
      for (const keyword of ['ARG', 'ENV'] as const) {
        for (const [name, value] of assignments(stage.instructions, keyword)) {
          expect(SECRET_NAME.test(name) && value !== undefined && value !== '', `${keyword} ${name}`).toBe(false);
        }
      }
    }
    const env = assignments(run.instructions, 'ENV');
    expect(env.get('OTTO_HOST')).toBe('0.0.0.0');
    expect(env.get('OTTO_DATA_DIR')).toBe('/data');
    expect(env.get('OTTO_WORKSPACE')).toBeTruthy();
    // Unset OPENCODE_URL: the gateway supervises its own `opencode serve` inside the container.
    expect(env.has('OPENCODE_URL')).toBe(false);
  });

  it('keeps data in a volume, serves on 4300, probes /healthz with node and starts through the entrypoint', () => {
    expect(instructions(run, 'VOLUME').join(' ')).toMatch(/"\/data"/);
    expect(instructions(run, 'EXPOSE')).toContain('4300');
    const healthcheck = instructions(run, 'HEALTHCHECK').join('\n');
    expect(healthcheck).toMatch(/CMD \["node", "-e", .*fetch\(.*\/healthz/);
    expect(instructions(run, 'ENTRYPOINT').join('\n')).toContain('docker/entrypoint.sh');
    expect(instructions(run, 'RUN').join('\n')).toMatch(/apt-get install .*\bgit\b/);
  });

  it('is built from a context without installed packages, data or secrets', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['.git', '**/node_modules', '**/dist', '**/data', '.env', '.env.*']) expect(ignored).toContain(entry);
    expect(read('.gitignore').split('\n')).toContain('.env');
  });
});

describe('docker/entrypoint.sh', () => {
  it('passes shellcheck', () => {
    const result = spawnSync('shellcheck', ['--shell=sh', 'docker/entrypoint.sh'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.error, 'shellcheck is installed by scripts/test-setup.sh').toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('starts the gateway with the node flags `npm start` uses', () => {
    const start = JSON.parse(read('package.json')).scripts.start as string;
    const flags = /node ((?:--\S+ )+)apps\/gateway\/dist\/main\.mjs/.exec(start)?.[1];
    expect(flags).toBeTruthy();
    expect(read('docker/entrypoint.sh')).toContain(`exec node ${flags}"$app_root/apps/gateway/dist/main.mjs"`);
  });
});

describe('docker-compose.yml', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  interface Service {
    image?: string;
    build?: unknown;
    profiles?: string[];
    command?: string[];
    ports?: string[];
    volumes?: string[];
    environment?: Record<string, string>;
  }

  /** `docker-compose config` (Debian's 1.29) of a copy of the file with `.env` beside it, parsed. */
  function config(env: string, profile?: string): { services: Record<string, Service> } {
    const dir = mkdtempSync(join(tmpdir(), 'otto-compose-'));
    dirs.push(dir);
    copyFileSync(join(REPO_ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    writeFileSync(join(dir, '.env'), env);
    mkdirSync(join(dir, 'repo'));
    const result = spawnSync('docker-compose', [...(profile ? ['--profile', profile] : []), 'config'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(result.error, 'docker-compose is installed by scripts/test-setup.sh').toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The normalized output is YAML; Debian's docker-compose depends on python3-yaml, so it reads it.
    const json = spawnSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: result.stdout, encoding: 'utf8' });
    expect(json.status).toBe(0);
    return JSON.parse(json.stdout) as { services: Record<string, Service> };
  }

  const example = read('.env.example');

  it('passes `docker-compose config` with .env.example as .env, for the default and every profile', () => {
    for (const profile of [undefined, 'external-opencode', 'postgres', 'tunnel']) {
      const { services } = config(example, profile);
      expect(Object.keys(services).sort()).toEqual(['cloudflared', 'opencode', 'otto', 'postgres']);
    }
  });

  it('runs otto by default: the image on 4300 with volumes for /data and the workspace', () => {
    const { otto } = config(example).services;
    expect(otto?.profiles ?? []).toEqual([]);
    expect(otto?.build).toBeDefined();
    expect(otto?.ports).toEqual(['127.0.0.1:4300:4300/tcp']);
    expect(otto?.volumes).toEqual(['data:/data:rw', 'workspace:/workspace:rw']);
    expect(otto?.environment?.OPENCODE_URL).toBe('');
  });

  it('adds a service per profile', () => {
    const { services } = config(example);
    expect(services.opencode?.profiles).toEqual(['external-opencode']);
    expect(services.opencode?.command?.slice(1)).toEqual(['serve', '--hostname', '0.0.0.0', '--port', '4096']);
    expect(services.postgres?.profiles).toEqual(['postgres']);
    expect(services.postgres?.image).toBe('postgres:16');
    expect(services.cloudflared?.profiles).toEqual(['tunnel']);
    expect(services.cloudflared?.image).toMatch(/^cloudflare\/cloudflared\b/);
    expect(services.cloudflared?.command).toEqual(['tunnel', '--no-autoupdate', 'run']);
  });

  it('takes settings and secrets from .env: a mounted read-only workspace, the external OpenCode, the tunnel token', () => {
    const env = [
      'OTTO_WORKSPACE_SOURCE=./repo',
      'OTTO_WORKSPACE_MODE=ro',
      'OTTO_PUBLISH_ADDRESS=0.0.0.0',
      'OPENCODE_URL=http://opencode:4096',
      'OPENCODE_SERVER_PASSWORD=compose-test-opencode-password',
      'CLOUDFLARED_TOKEN=compose-test-tunnel-token',
      'POSTGRES_PASSWORD=compose-test-postgres-password',
      'GIT_TOKEN=compose-test-git-token',
      '',
    ].join('\n');
    for (const profile of ['external-opencode', 'postgres', 'tunnel']) {
      const { services } = config(env, profile);
      expect(services.otto?.volumes).toContain(`${join(dirs.at(-1) as string, 'repo')}:/workspace:ro`);
      expect(services.otto?.ports).toEqual(['0.0.0.0:4300:4300/tcp']);
      expect(services.otto?.environment).toMatchObject({ OPENCODE_URL: 'http://opencode:4096', OPENCODE_SERVER_PASSWORD: 'compose-test-opencode-password', GIT_TOKEN: 'compose-test-git-token' });
      expect(services.opencode?.environment?.OPENCODE_SERVER_PASSWORD).toBe('compose-test-opencode-password');
      expect(services.cloudflared?.environment).toEqual({ TUNNEL_TOKEN: 'compose-test-tunnel-token' });
      expect(services.postgres?.environment?.POSTGRES_PASSWORD).toBe('compose-test-postgres-password');
      // Each service gets its own secrets only.
      expect(services.otto?.environment).not.toHaveProperty('POSTGRES_PASSWORD');
      expect(services.cloudflared?.environment).not.toHaveProperty('GIT_TOKEN');
    }
  });

  it('documents every setting it reads in .env.example, the issue\'s provider and tunnel settings among them', () => {
    const compose = read('docker-compose.yml');
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map(([, name]) => name));
    const used = new Set([...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map(([, name]) => name));
    for (const name of used) expect(documented, name).toContain(name);
    const named = ['OTTO_PROVIDER_KEYS', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'OPENROUTER_API_KEY', 'GEMINI_API_KEY', 'OTTO_TUNNEL', 'CLOUDFLARED_TOKEN', 'OTTO_TUNNEL_URL', 'OTTO_CLOUDFLARED_BIN', 'OPENCODE_SERVER_PASSWORD', 'GIT_REPO_URL', 'GIT_REF', 'GIT_TOKEN', 'COMPOSE_PROFILES'];
    for (const name of named) expect(documented, name).toContain(name);
    // The example holds no secret: every secret setting is empty.
    for (const [, name, value] of example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)) {
      if (SECRET_NAME.test(name as string)) expect(value, name).toBe('');
    }
  });
});
