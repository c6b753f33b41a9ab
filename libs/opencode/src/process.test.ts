import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { basicAuthHeader } from './net.js';
import { resolveOpencodeBinary, spawnOpencodeServe } from './process.js';

// Each spawned server gets a throwaway HOME: OpenCode keeps its database and logs there.
let root: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'otto-process-test-'));
  const home = join(root, 'home');
  env = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    OPENCODE_DISABLE_MODELS_FETCH: '1',
  };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveOpencodeBinary', () => {
  it('finds the executable of the opencode-ai package', () => {
    const binary = resolveOpencodeBinary();
    expect(binary).toMatch(/opencode-ai[/\\]bin[/\\]opencode/);
    expect(() => accessSync(binary, constants.X_OK)).not.toThrow();
  });
});

// Starting the real server takes ~2 s, several times that on a busy machine.
describe('spawnOpencodeServe', { timeout: 30_000 }, () => {
  it('starts a password-protected server, reports its URL once healthy, and stops it', async () => {
    const password = `pw-${Date.now()}-secret`;
    const lines: string[] = [];
    const streams: Record<string, string[]> = { stdout: [], stderr: [] };
    const serve = await spawnOpencodeServe({
      cwd: root,
      env,
      password,
      onLog: (line, stream) => {
        lines.push(line);
        streams[stream]!.push(line);
      },
    });
    try {
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const anonymous = await fetch(`${serve.url}/global/health`, { signal: AbortSignal.timeout(5_000) });
      expect(anonymous.status).toBe(401);
      const health = await fetch(`${serve.url}/global/health`, {
        headers: { authorization: basicAuthHeader('opencode', password) },
        signal: AbortSignal.timeout(5_000),
      });
      expect(await health.json()).toMatchObject({ healthy: true, version: '1.18.33' });
      expect(streams.stdout!.some((line) => line.includes(`listening on ${serve.url}`))).toBe(true);
      // --print-logs: OpenCode's own log lines, at INFO, on stderr.
      expect(streams.stderr!.some((line) => /^timestamp=\S+ level=INFO /.test(line))).toBe(true);
      expect(lines.some((line) => / level=DEBUG /.test(line))).toBe(false);
      expect(lines.join('\n')).not.toContain(password);
    } finally {
      await serve.stop();
    }
    expect(serve.child.exitCode !== null || serve.child.signalCode !== null).toBe(true);
    await expect(fetch(`${serve.url}/global/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it('fails with OpenCode\'s own output when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(spawnOpencodeServe({ cwd: root, env, port })).rejects.toThrow(/exited \(code 1\) before listening[\s\S]*ServeError/);
    } finally {
      blocker.close();
    }
  });

  it('picks another port when the free one it picked is taken before OpenCode binds it', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const net = await import('./net.js');
    const real = net.freePort;
    const picked = vi.spyOn(net, 'freePort').mockImplementationOnce(async () => taken).mockImplementation(real);
    try {
      const serve = await spawnOpencodeServe({ cwd: root, env });
      expect(picked).toHaveBeenCalledTimes(2);
      expect(new URL(serve.url).port).not.toBe(String(taken));
      await serve.stop();
    } finally {
      picked.mockRestore();
      blocker.close();
    }
  });

  it('fails when the process cannot be started at all', async () => {
    await expect(spawnOpencodeServe({ cwd: join(root, 'missing'), env })).rejects.toThrow(/could not start/);
  });
});
