import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOpencodeHome, startModelServer, type ModelServer, type OpencodeHome } from '@otto/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startServer, type RunningGateway } from '../src/server.js';
import { eventually } from './harness.js';

// `npm start` without OPENCODE_URL: the gateway runs and supervises its own `opencode serve`.
let model: ModelServer;
let home: OpencodeHome;
let dataDir: string;
let running: RunningGateway;

async function gql<T>(query: string): Promise<T> {
  const response = await fetch(running.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${running.token.value}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return ((await response.json()) as { data: T }).data;
}

const status = async () => (await gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).system.opencode.status;

beforeAll(async () => {
  model = await startModelServer();
  home = prepareOpencodeHome({ modelUrl: model.url, permission: 'allow' });
  dataDir = mkdtempSync(join(tmpdir(), 'otto-supervised-'));
  const config = loadConfig({ OTTO_PORT: '0', OTTO_DATA_DIR: dataDir, OTTO_WORKSPACE: home.workspace, OTTO_HEALTH_INTERVAL_MS: '200' });
  running = await startServer(config, createLogger('silent'), { opencodeEnv: home.env });
});

afterAll(async () => {
  await running?.close();
  await model?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(home.root, { recursive: true, force: true });
});

describe('supervised OpenCode', () => {
  it('generates the operator token once and keeps it private to the owner', () => {
    expect(running.token.generated).toBe(true);
    expect(running.token.path).toBe(join(dataDir, 'operator-token'));
    expect(statSync(join(dataDir, 'operator-token')).mode & 0o777).toBe(0o600);
  });

  it('starts its own opencode serve, with a password, and talks to it', async () => {
    await eventually(async () => (await status()) === 'UP', 30_000);
    const unauthenticated = await fetch(`${running.supervisor!.url}/global/health`);
    expect(unauthenticated.status).toBe(401);
    const created = await gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "supervised" }) { id } }');
    expect(created.createThread.id).toMatch(/^ses_/);
  });

  it('restarts opencode serve after it dies, and the gateway recovers by itself', async () => {
    const firstPid = running.supervisor!.pid();
    expect(firstPid).toBeDefined();
    process.kill(firstPid!, 'SIGKILL');
    await eventually(async () => (await status()) === 'DOWN', 10_000, 50);
    await eventually(async () => (await status()) === 'UP', 30_000);
    expect(running.supervisor!.pid()).not.toBe(firstPid);
  });
});
