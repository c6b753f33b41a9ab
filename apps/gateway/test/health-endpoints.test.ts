import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeOpencode, SupervisionHistory, type FakeOpencode } from '@otto/opencode';
import { openMemoryStore } from '@otto/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpHandler } from '../src/server.js';
import type { SupervisorView } from '../src/system/supervisor.service.js';
import { startTestGateway, type TestGateway } from './harness.js';

// /healthz and /readyz over a real socket, as a load balancer asks them: on the in-memory OpenCode,
// with a supervisor whose state the test sets.
let fake: FakeOpencode;
let history: SupervisionHistory;
let t: TestGateway;
let server: Server;
let base: string;

const supervisor: SupervisorView = {
  state: () => history.state(),
  pid: () => 4242,
  startedAt: () => history.startedAt() ?? undefined,
  restarts: () => history.restarts(),
  restart: () => Promise.resolve(),
};

beforeAll(async () => {
  fake = createFakeOpencode();
  history = new SupervisionHistory({ maxExits: 1 });
  // Probes only when the test asks, so each verdict is the one the test set up.
  t = await startTestGateway({ opencode: fake, start: false, supervisor, store: await openMemoryStore() });
  server = createServer(httpHandler(t.gateway, '/nonexistent'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  await t.store.close().catch(() => undefined);
});

async function upAndRunning() {
  fake.restart();
  history = new SupervisionHistory({ maxExits: 1 });
  history.serving(Date.now());
  await t.gateway.services.health.probe();
}

async function get(path: string, init?: RequestInit) {
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const auditRowCount = async () => (await t.store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

describe('/healthz', () => {
  it('answers 200 {"status":"ok"}, never cached, without auth, whatever OpenCode does', async () => {
    fake.crash();
    await t.gateway.services.health.probe();
    const answer = await get('/healthz');
    expect(answer).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});

describe('/readyz', () => {
  afterEach(upAndRunning);

  it('answers 200 with each check ok when the database answers and OpenCode is up', async () => {
    await upAndRunning();
    const answer = await get('/readyz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ status: 'ready', checks: { database: 'ok', opencode: 'ok' } });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    // A query string changes nothing (probes add cache busters).
    expect((await get('/readyz?probe=1')).status).toBe(200);
  });

  it('answers 503 naming OpenCode "down" when its health probe fails', async () => {
    fake.crash();
    await t.gateway.services.health.probe();
    const answer = await get('/readyz');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toEqual({ status: 'not_ready', checks: { database: 'ok', opencode: 'down' } });
  });

  it('answers 503 naming OpenCode "crash_loop" once its supervisor stopped restarting it', async () => {
    history.exited({ code: null, signal: 'SIGKILL', reason: 'exited (SIGKILL)', planned: false });
    expect(history.state()).toBe('CRASH_LOOP');
    const answer = await get('/readyz');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toEqual({ status: 'not_ready', checks: { database: 'ok', opencode: 'crash_loop' } });
  });

  it('leaves no audit row, answers HEAD without a body and refuses other methods', async () => {
    const before = await auditRowCount();
    await get('/readyz');
    await get('/healthz');
    expect(await get('/readyz', { method: 'HEAD' })).toMatchObject({ status: 200, text: '' });
    const post = await get('/healthz', { method: 'POST' });
    expect(post).toMatchObject({ status: 405, text: '' });
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await auditRowCount()).toBe(before);
  });

  it('still sends every other path to the console', async () => {
    expect((await get('/readyz/more')).text).toContain('The console is not built');
    expect((await get('/healthzz')).text).toContain('The console is not built');
  });

  // Last: the database stays closed.
  it('answers 503 naming the database "error" when its query fails', async () => {
    await t.store.close();
    const answer = await get('/readyz');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toEqual({ status: 'not_ready', checks: { database: 'error', opencode: 'ok' } });
    expect((await get('/healthz')).status).toBe(200);
  });
});
