import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOpencodeHome, rememberSecrets, startModelServer, testLogDir, type ModelServer, type OpencodeHome } from '@otto/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openGatewayLogger, type GatewayLogger } from '../src/logger.js';
import { startServer, type RunningGateway } from '../src/server.js';
import { eventually } from './harness.js';

// `npm start` without OPENCODE_URL: the gateway runs and supervises its own `opencode serve`.
let model: ModelServer;
let home: OpencodeHome;
let dataDir: string;
let logDir: string;
let logFiles: GatewayLogger;
let running: RunningGateway;
let closedByTest = false;
const LEGACY_TOKEN = 'legacy-operator-token-0123456789';
rememberSecrets(LEGACY_TOKEN);

interface GqlBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; delivered?: boolean } }>;
}

async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlBody<T>> {
  const response = await fetch(running.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${LEGACY_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlBody<T>;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return (await request<T>(query, variables)).data as T;
}

const status = async () => (await gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).system.opencode.status;

beforeAll(async () => {
  model = await startModelServer();
  home = prepareOpencodeHome({ modelUrl: model.url, permission: 'allow' });
  dataDir = mkdtempSync(join(tmpdir(), 'otto-supervised-'));
  logDir = testLogDir('supervised');
  const config = loadConfig({
    OTTO_PORT: '0',
    OTTO_DATA_DIR: dataDir,
    OTTO_LOG_DIR: logDir,
    OTTO_WORKSPACE: home.workspace,
    OTTO_HEALTH_INTERVAL_MS: '200',
    OTTO_OPERATOR_TOKEN: LEGACY_TOKEN,
  });
  // The lines go to the files only; the end-of-run check reads them for secrets.
  logFiles = await openGatewayLogger(config, { write: () => undefined });
  // This suite kills OpenCode a dozen times in a minute; crash loops have a suite of their own.
  running = await startServer(config, logFiles.logger, {
    opencodeEnv: home.env,
    restartBackoff: { initialMs: 100, maxMs: 400 },
    crashLoop: { maxExits: 1_000 },
  });
});

afterAll(async () => {
  if (!closedByTest) await running?.close();
  logFiles?.close();
  await model?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(home.root, { recursive: true, force: true });
});

describe('supervised OpenCode', () => {
  it('makes the admin on first start and prints a one-time link to choose its password', () => {
    expect(running.setupUrl).toMatch(/\/login#setup=[\w-]{20,}$/);
    expect(running.legacyToken).toEqual({ value: LEGACY_TOKEN, path: null });
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

describe('a keyed, awaited send when OpenCode is killed', () => {
  const SEND = `mutation S($i: SendMessageInput!) { sendMessage(input: $i) { message { id text } reply { status text } } }`;
  const USER_TEXTS = `query M($id: ID!) { thread(id: $id) { messages(last: 50) { nodes { role text } } } }`;
  type Sent = { sendMessage: { message: { id: string; text: string }; reply: { status: string; text: string } | null } };
  // Codes a send may end with when OpenCode dies under it; each leaves the key retryable.
  const CODED = ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'DELIVERY_UNCONFIRMED', 'IDEMPOTENCY_IN_PROGRESS'];
  // From the instant the request leaves to well into the (scripted, slow) reply.
  const KILL_AFTER_MS = [0, 15, 40, 80, 150, 250, 400, 650, 1_000, 1_600];

  it.each(KILL_AFTER_MS.map((ms, point) => [point, ms]))(
    'kill point %i (%i ms in): the first try ends within 2 s, and retries with the same key leave the text exactly once',
    async (point, killAfterMs) => {
      await eventually(async () => (await status()) === 'UP', 30_000);
      const { createThread } = await gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "kill" }) { id } }');
      const text = `kill point ${point} [[slow:2000]]`;
      const input = { threadId: createThread.id, text, idempotencyKey: `kill-point-${point}-${Date.now()}`, awaitReply: true };

      const sending = request<Sent>(SEND, { i: input });
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      const pid = running.supervisor!.pid();
      expect(pid).toBeDefined();
      const killedAt = performance.now();
      process.kill(pid!, 'SIGKILL');
      const first = await sending;
      expect(performance.now() - killedAt).toBeLessThan(2_000);
      if (first.errors) expect(CODED).toContain(first.errors[0]?.extensions?.code);

      // Retry as a script would, until the send is answered or the reply is known to be cut off.
      let last = first;
      for (let attempt = 0; attempt < 6 && (last.errors?.length ?? 0) > 0 && !last.errors?.[0]?.extensions?.delivered; attempt += 1) {
        await eventually(async () => (await status()) === 'UP', 30_000);
        last = await request<Sent>(SEND, { i: input });
        if (last.errors) expect(CODED).toContain(last.errors[0]?.extensions?.code);
      }
      if (!last.errors) expect(last.data?.sendMessage.message.text).toBe(text);

      const nodes = await eventually(async () => {
        const read = await gql<{ thread: { messages: { nodes: Array<{ role: string; text: string }> } | null } }>(USER_TEXTS, { id: createThread.id });
        return read.thread.messages?.nodes;
      }, 30_000);
      const mine = nodes.filter((m) => m.role === 'USER');
      // Exactly once: one user message holding exactly the text, never twice, never empty.
      expect(mine.map((m) => m.text)).toEqual([text]);
    },
  );
});

describe('logs', () => {
  it("hold OpenCode's own lines, which the log viewer finds as source opencode, and never a message's text", async () => {
    await eventually(async () => (await status()) === 'UP', 30_000);
    rememberSecrets(running.supervisor!.password);
    const { createThread } = await gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "logged by opencode" }) { id } }');
    const text = `a message no log may hold ${randomUUID()}`;
    rememberSecrets(text);
    const sent = await request<{ sendMessage: { reply: { status: string } } }>(
      'mutation($i: SendMessageInput!) { sendMessage(input: $i) { reply { status } } }',
      { i: { threadId: createThread.id, text, awaitReply: true } },
    );
    expect(sent.errors).toBeUndefined();

    type Lines = { logs: { nodes: Array<{ source: string; level: string; message: string; fields: Record<string, unknown> | null }> } };
    // OpenCode names the session in the lines of its prompt loop.
    const lines = await eventually(async () => {
      const { logs } = await gql<Lines>('query($s: String!) { logs(first: 50, source: "opencode", search: $s) { nodes { source level message fields } } }', { s: createThread.id });
      return logs.nodes.length > 0 && logs.nodes;
    });
    expect(lines.every((line) => line.source === 'opencode')).toBe(true);
    expect(lines.some((line) => JSON.stringify(line.fields).includes(createThread.id))).toBe(true);
    const files = readdirSync(logDir).map((name) => readFileSync(join(logDir, name), 'utf8'));
    expect(files.join('')).toContain('"source":"opencode"');
    expect(files.join('')).not.toContain(text);
    expect(files.join('')).not.toContain(running.supervisor!.password);
  });
});

describe('starting', () => {
  it('probes OpenCode as soon as it serves, not at the next health tick', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'otto-supervised-'));
    // The next tick is ten minutes away: only a probe made when OpenCode starts serving sees it up.
    const config = loadConfig({ OTTO_PORT: '0', OTTO_DATA_DIR: otherDir, OTTO_LOG_DIR: logDir, OTTO_WORKSPACE: home.workspace, OTTO_HEALTH_INTERVAL_MS: '600000', OTTO_OPERATOR_TOKEN: LEGACY_TOKEN });
    const other = await startServer(config, logFiles.logger, { opencodeEnv: home.env });
    try {
      const statusOf = async () => {
        const response = await fetch(other.graphqlUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${LEGACY_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ system { opencode { status lastError } } }' }),
        });
        return ((await response.json()) as GqlBody<{ system: { opencode: { status: string; lastError: string | null } } }>).data?.system.opencode;
      };
      expect(await eventually(async () => (await statusOf())?.status === 'UP' && statusOf(), 20_000)).toEqual({ status: 'UP', lastError: null });
    } finally {
      await other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

describe('shutting down', () => {
  it('stops promptly with a subscription open, ending its stream', async () => {
    await eventually(async () => (await status()) === 'UP', 30_000);
    const { createThread } = await gql<{ createThread: { id: string } }>('mutation { createThread(input: { title: "to the end" }) { id } }');
    const stream = await fetch(running.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${LEGACY_TOKEN}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription($id: ID!) { threadEvents(threadId: $id) { __typename } }', variables: { id: createThread.id } }),
    });
    expect(stream.status).toBe(200);
    const started = performance.now();
    const body = stream.text().then((text) => ({ text, afterMs: performance.now() - started }));
    closedByTest = true;
    // Stopping includes stopping its own opencode serve, which takes a few seconds by itself.
    await running.close();
    const ended = await body;
    expect(ended.text).toContain('event: complete');
    expect(ended.afterMs).toBeLessThan(1_000);
  });
});
