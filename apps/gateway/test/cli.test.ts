import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function run(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, OPENCODE_URL: 'http://127.0.0.1:9', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe('invalid configuration', () => {
  it('exits non-zero with one line saying what to fix', () => {
    const bad = run({ OPENCODE_URL: 'ftp://nowhere' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('otto: OPENCODE_URL must be an http(s) URL such as http://127.0.0.1:4096');
  });

  it('names a data folder it cannot use', () => {
    const root = mkdtempSync(join(tmpdir(), 'otto-cli-'));
    try {
      const file = join(root, 'a-file');
      writeFileSync(file, '');
      const bad = run({ OTTO_DATA_DIR: join(file, 'data') });
      expect(bad.status).toBe(2);
      expect(bad.stderr.split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain(join(file, 'data'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const root = mkdtempSync(join(tmpdir(), 'otto-cli-'));
    try {
      const bad = run({ OTTO_PORT: String(port), OTTO_DATA_DIR: root });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe(`otto: port ${port} on 127.0.0.1 is already in use; set OTTO_PORT to a free port`);
    } finally {
      blocker.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
