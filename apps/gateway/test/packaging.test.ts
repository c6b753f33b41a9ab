import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(root, path), 'utf8')) as T;

interface LockPackage {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  link?: boolean;
  resolved?: string;
}
const lock = readJson<{ packages: Record<string, LockPackage> }>('package-lock.json');

/** Where npm installed `name` for the package at `from`: its own node_modules, then each parent's. */
function installedAt(from: string, name: string): string | undefined {
  for (let at = from; ; at = dirname(at)) {
    const candidate = at === '.' || at === '' ? `node_modules/${name}` : `${at}/node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (at === '.' || at === '') return undefined;
  }
}

/** Every package a production install of `workspace` brings, following workspace links. */
function productionClosure(workspace: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    const entry = lock.packages[path];
    const target = entry?.link && entry.resolved ? entry.resolved : path;
    if (seen.has(target)) return;
    seen.add(target);
    const own = lock.packages[target];
    for (const name of Object.keys({ ...own?.dependencies, ...own?.optionalDependencies })) {
      const found = installedAt(target, name);
      if (found) visit(found);
    }
  };
  visit(workspace);
  return seen;
}

describe('the gateway\'s production install', () => {
  it('carries the test kit, the browser driver and axe only as development dependencies', () => {
    const manifest = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>('apps/gateway/package.json');
    expect(Object.keys(manifest.dependencies)).not.toContain('@otto/testkit');
    const closure = [...productionClosure('apps/gateway')];
    expect(closure.filter((path) => /(^|\/)(playwright-core|axe-core)$|libs\/testkit$/.test(path))).toEqual([]);
    expect(closure).toContain('libs/opencode');
  });

  it('bundles a demo that imports no browser driver', () => {
    const dist = join(root, 'apps/gateway/dist');
    // Built by the test setup; `npm start` builds it too.
    if (!existsSync(dist)) return;
    for (const file of readdirSync(dist).filter((name) => name.endsWith('.mjs'))) {
      expect(readFileSync(join(dist, file), 'utf8')).not.toMatch(/from\s*["'](playwright-core|axe-core)["']/);
    }
  });
});

describe('workspace manifests', () => {
  it('export only files that exist', () => {
    for (const workspace of ['apps/gateway', 'apps/console', 'libs/opencode', 'libs/store', 'libs/testkit']) {
      const manifest = readJson<{ exports?: Record<string, string> | string }>(`${workspace}/package.json`);
      const targets = typeof manifest.exports === 'string' ? [manifest.exports] : Object.values(manifest.exports ?? {});
      for (const target of targets) expect(existsSync(join(root, workspace, target)), `${workspace}: ${target}`).toBe(true);
    }
  });
});
