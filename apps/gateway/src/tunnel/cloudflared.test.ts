import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_CLOUDFLARED, FAKE_CLOUDFLARED_ENV, type FakeCloudflaredStart } from '@otto/testkit';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, openTestLogger } from '../../test/harness.js';
import { createCloudflaredTunnel, type CloudflaredOptions } from './cloudflared.js';
import { logCloudflaredLine } from './cloudflared-output.js';
import { TunnelUnavailableError, type TunnelPort } from './tunnel.port.js';

// The cloudflared module against a stand-in executable (libs/testkit/bin/fake-cloudflared) that
// prints what cloudflared prints and crashes when told: the real binary is not installed here.
const TARGET = 'http://127.0.0.1:4300';
const TOKEN = 'eyJhIjoiZmFrZS1jbG91ZGZsYXJlZC10b2tlbi1mb3ItdGVzdHMifQ';
rememberSecrets(TOKEN);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Running {
  tunnel: TunnelPort;
  lines: string[];
  starts(): FakeCloudflaredStart[];
  crash(): void;
}

async function run(options: Partial<CloudflaredOptions> = {}, env: Record<string, string> = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'otto-cloudflared-'));
  const record = join(dir, 'starts.ndjson');
  const crashFile = join(dir, 'crash');
  const { logger, close } = await openTestLogger();
  const lines: string[] = [];
  const tunnel = createCloudflaredTunnel({
    bin: FAKE_CLOUDFLARED,
    target: () => TARGET,
    initialBackoffMs: 50,
    maxBackoffMs: 200,
    env: { [FAKE_CLOUDFLARED_ENV.record]: record, [FAKE_CLOUDFLARED_ENV.crashFile]: crashFile, ...env },
    // Into the run's checked log files too, where the end-of-run check looks for the token.
    onLog: (line) => {
      lines.push(line);
      logCloudflaredLine(logger, line);
    },
    ...options,
  });
  cleanups.push(async () => {
    await tunnel.stop();
    close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    tunnel,
    lines,
    starts: () => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as FakeCloudflaredStart) : []),
    crash: () => writeFileSync(crashFile, ''),
  };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('cloudflared', () => {
  it('runs a quick tunnel to the gateway and reads its public URL from the output', async () => {
    const { tunnel, starts } = await run();
    await tunnel.start();
    const up = await eventually(async () => (tunnel.status().state === 'UP' ? tunnel.status() : null));
    expect(up).toEqual({ state: 'UP', url: expect.stringMatching(/^https:\/\/[a-z]+(-[a-z]+){3}\.trycloudflare\.com$/), lastError: null, restarts: 0 });
    expect(starts()).toEqual([{ pid: expect.any(Number), argv: ['tunnel', '--no-autoupdate', '--url', TARGET], hasTunnelToken: false, tunnelTokenSha256: null }]);
  });

  it('gives a named tunnel its token in TUNNEL_TOKEN only — never in its arguments or a log line — and shows OTTO_TUNNEL_URL', async () => {
    const { tunnel, lines, starts } = await run({ token: TOKEN, publicUrl: 'https://otto.example.com' });
    await tunnel.start();
    await eventually(async () => tunnel.status().state === 'UP');
    expect(tunnel.status().url).toBe('https://otto.example.com');
    const [start] = starts();
    expect(start).toEqual({
      pid: expect.any(Number),
      argv: ['tunnel', '--no-autoupdate', 'run'],
      hasTunnelToken: true,
      tunnelTokenSha256: createHash('sha256').update(TOKEN).digest('hex'),
    });
    expect(JSON.stringify(start)).not.toContain(TOKEN);
    expect(lines.some((line) => line.includes('Registered tunnel connection'))).toBe(true);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('restarts a crashed cloudflared after its backoff, counts the restart, and keeps why it exited', async () => {
    const { tunnel, starts, crash } = await run();
    await tunnel.start();
    await eventually(async () => tunnel.status().state === 'UP');
    const firstUrl = tunnel.status().url;
    crash();
    const back = await eventually(async () => (tunnel.status().state === 'UP' && tunnel.status().restarts === 1 ? tunnel.status() : null));
    expect(back.lastError).toBe('exited with code 1: Connection terminated error="the stand-in was told to crash" connIndex=0');
    expect(back.url).toMatch(/trycloudflare\.com$/);
    // A quick tunnel's address is new with every start; the old one is never shown for it.
    expect(back.url).not.toBe(firstUrl);
    expect(starts()).toHaveLength(2);
  });

  it('gives up, DOWN, when it exits too often, and starts afresh when started again', async () => {
    const { tunnel, starts } = await run({ crashLoop: { maxExits: 2 } }, { [FAKE_CLOUDFLARED_ENV.crashAfterMs]: '100' });
    await tunnel.start();
    const down = await eventually(async () => (tunnel.status().state === 'DOWN' ? tunnel.status() : null));
    expect(down).toMatchObject({ url: null, restarts: 1, lastError: expect.stringMatching(/exited too often; not restarting until it is started again/) });
    expect(starts()).toHaveLength(2);
    await tunnel.start();
    expect(tunnel.status()).toMatchObject({ restarts: 0, lastError: null });
    await eventually(async () => starts().length === 3);
  });

  it('stops cloudflared and its restarts', async () => {
    const { tunnel, starts } = await run();
    await tunnel.start();
    await eventually(async () => tunnel.status().state === 'UP');
    const [{ pid }] = starts() as [FakeCloudflaredStart];
    expect(isAlive(pid)).toBe(true);
    await tunnel.stop();
    expect(isAlive(pid)).toBe(false);
    expect(tunnel.status()).toMatchObject({ state: 'DOWN', url: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(starts()).toHaveLength(1);
  });

  it('rejects with TunnelUnavailableError, saying what to do, when the program is not installed', async () => {
    const { tunnel } = await run({ bin: join(tmpdir(), 'no-such-cloudflared') });
    const failure = tunnel.start();
    await expect(failure).rejects.toBeInstanceOf(TunnelUnavailableError);
    await expect(failure).rejects.toThrow(/cloudflared is not installed \(not found\): install it, or point OTTO_CLOUDFLARED_BIN at it/);
    expect(tunnel.status().state).toBe('DOWN');
  });

});
