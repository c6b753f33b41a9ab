import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_CLOUDFLARED, FAKE_CLOUDFLARED_ENV, type FakeCloudflaredStart } from '@otto/testkit';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './harness.js';
import { startSupervisedServer, type SupervisedServer } from './supervised-server.js';

// The real server with OTTO_TUNNEL=cloudflared, running the stand-in cloudflared (the real one is
// not installed here): it starts with the gateway, crashes when told, is restarted, and its address
// shows in system.tunnel.
const ADMIN_TOKEN = 'tunnel-admin-token-0123456789';
const ADMIN_PASSWORD = 'tunnel-admin-password-0123';
rememberSecrets(ADMIN_TOKEN, ADMIN_PASSWORD);
let server: SupervisedServer;
let closed = false;
const dir = mkdtempSync(join(tmpdir(), 'otto-tunnel-'));
const record = join(dir, 'starts.ndjson');
const crashFile = join(dir, 'crash');

interface Tunnel {
  state: string;
  url: string | null;
  lastError: string | null;
  restarts: number;
}

async function tunnel(): Promise<Tunnel> {
  const response = await fetch(server.running.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ system { tunnel { state url lastError restarts } } }' }),
  });
  return ((await response.json()) as { data: { system: { tunnel: Tunnel } } }).data.system.tunnel;
}

const starts = () => readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as FakeCloudflaredStart);

beforeAll(async () => {
  server = await startSupervisedServer({
    env: { OTTO_OPERATOR_TOKEN: ADMIN_TOKEN, OTTO_ADMIN_PASSWORD: ADMIN_PASSWORD, OTTO_TUNNEL: 'cloudflared', OTTO_CLOUDFLARED_BIN: FAKE_CLOUDFLARED },
    start: {
      tunnel: {
        env: { [FAKE_CLOUDFLARED_ENV.record]: record, [FAKE_CLOUDFLARED_ENV.crashFile]: crashFile },
        restartBackoff: { initialMs: 100, maxMs: 500 },
      },
    },
  });
});

afterAll(async () => {
  if (!closed) await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OTTO_TUNNEL=cloudflared', () => {
  it('starts with the gateway, shows its address, and is restarted with a new one after it crashes', async () => {
    expect(server.running.tunnelRefusal).toBeNull();
    const up = await eventually(async () => {
      const current = await tunnel();
      return current.state === 'UP' && current;
    });
    expect(up).toEqual({ state: 'UP', url: expect.stringMatching(/^https:\/\/[a-z-]+\.trycloudflare\.com$/), lastError: null, restarts: 0 });
    const port = new URL(server.running.url).port;
    expect(starts()[0]!.argv).toEqual(['tunnel', '--no-autoupdate', '--url', `http://127.0.0.1:${port}`]);

    writeFileSync(crashFile, '');
    const back = await eventually(async () => {
      const current = await tunnel();
      return current.state === 'UP' && current.restarts === 1 && current;
    });
    expect(back.lastError).toMatch(/^exited with code 1/);
    expect(back.url).toMatch(/\.trycloudflare\.com$/);
    expect(starts()).toHaveLength(2);
  });

  it('stops cloudflared when the gateway closes', async () => {
    const { pid } = starts().at(-1)!;
    await server.close();
    closed = true;
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
