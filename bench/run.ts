/**
 * `npm run bench`: the gateway against the direct OpenCode call, measured in the same run on one
 * real `opencode serve` holding 1,000 bound sessions. Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSdkAdapter } from '@otto/opencode';
import { bindSession, openStore } from '@otto/store';
import { GATEWAY_NODE_FLAGS, startModelServer, startOpencode } from '@otto/testkit';
import { createSchema, createYoga } from 'graphql-yoga';
import { createLogger } from '../apps/gateway/src/logger.js';
import { httpHandler } from '../apps/gateway/src/server.js';
import { DEFAULT_CONSOLE_DIR } from '../apps/gateway/src/static.js';
import { createGateway } from '../apps/gateway/src/yoga.js';
import { initialJsGzipBytes, threadListVisibleMs } from './console.js';
import { freshness, idlePollBytes, unbindThreads } from './freshness.js';
import { firstDeltaMs, manySubscribers } from './live.js';
import { listen } from './listen.js';
import { load } from './load.js';
import { pollerMemory } from './memory.js';
import { scaleOut } from './scale.js';
import { ms, percentile, ratio, timeEach } from './stats.js';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const POLLERS = Number(process.env.BENCH_POLLERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const FRESH_SECONDS = Number(process.env.BENCH_FRESH_SECONDS ?? 10);
const TOKEN = 'bench-operator-token-0123456789';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const THREADS = '{ threads(first: 50) { totalCount edges { node { id title state activity updatedAt binding { key source boundAt } } } } }';
const QUERY = JSON.stringify({ query: THREADS });

const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(52)} ${value}\n`);

async function post(url: string, body: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

async function coldStart(opencodeUrl: string, password: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'otto-bench-cold-'));
  const port = 4500 + Math.floor(Math.random() * 400);
  const started = performance.now();
  const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, join(ROOT, 'apps/gateway/dist/main.mjs')], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, OPENCODE_URL: opencodeUrl, OPENCODE_SERVER_PASSWORD: password, OTTO_PORT: String(port), OTTO_DATA_DIR: dataDir, OTTO_OPERATOR_TOKEN: TOKEN },
  });
  try {
    for (;;) {
      try {
        await post(`http://127.0.0.1:${port}/graphql`, JSON.stringify({ query: '{ system { version } }' }));
        return performance.now() - started;
      } catch {
        if (performance.now() - started > 30_000) throw new Error('gateway did not answer within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  process.stdout.write(`Otto Console bench — ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
  const model = await startModelServer();
  const opencode = await startOpencode({ modelUrl: model.url, permission: 'allow' });
  const dataDir = mkdtempSync(join(tmpdir(), 'otto-bench-'));
  const store = await openStore({ dataDir });
  let upstreamCalls = 0;
  const adapter = createSdkAdapter({ baseUrl: opencode.url, password: opencode.password, onCall: () => (upstreamCalls += 1) });
  const servers: Server[] = [];
  try {
    const setupStarted = performance.now();
    for (let i = 0; i < SESSIONS; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, SESSIONS - i) }, (_, j) => adapter.createSession({ title: `bench thread ${i + j}` })),
      );
      for (const session of batch) {
        await bindSession(store.db, { sessionId: session.id, key: `bench:${session.id}`, source: 'scheduler', boundAt: Date.now() });
      }
    }
    line(`setup: ${SESSIONS} sessions created and bound`, ms(performance.now() - setupStarted));

    const gateway = createGateway({ version: 'bench', store, opencode: adapter, legacyToken: TOKEN, logger: createLogger('silent') });
    await gateway.services.operators.bootstrap();
    gateway.start();
    const gatewayServer = createServer(httpHandler(gateway, DEFAULT_CONSOLE_DIR));
    servers.push(gatewayServer);
    const gatewayUrl = await listen(gatewayServer);
    for (let i = 0; i < 200 && !gateway.services.mirror.isLive(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));

    // 1. One thread-list query: gateway vs OpenCode's own list.
    const direct = `${opencode.url}/session?limit=${SESSIONS * 2}`;
    const directOnce = async () => {
      const response = await fetch(direct, { headers: { authorization: opencode.authHeader } });
      const sessions = (await response.json()) as unknown[];
      if (sessions.length < SESSIONS) throw new Error(`direct list returned ${sessions.length}`);
    };
    const gatewayOnce = async () => {
      const body = (await post(gatewayUrl, QUERY)) as { data?: { threads?: { totalCount: number } } };
      if (body.data?.threads?.totalCount !== SESSIONS) throw new Error('gateway list incomplete');
    };
    await timeEach(20, directOnce);
    await timeEach(20, gatewayOnce);
    const directTimes = await timeEach(SAMPLES, directOnce);
    upstreamCalls = 0;
    const gatewayTimes = await timeEach(SAMPLES, gatewayOnce);
    const callsPerQuery = upstreamCalls / SAMPLES;
    const [dp50, dp99, gp50, gp99] = [percentile(directTimes, 50), percentile(directTimes, 99), percentile(gatewayTimes, 50), percentile(gatewayTimes, 99)];
    line(`direct GET /session?limit (${SESSIONS} sessions) p50 / p99`, `${ms(dp50)} / ${ms(dp99)}`);
    line('gateway threads(first: 50) p50 / p99', `${ms(gp50)} / ${ms(gp99)}`);
    line('ratio gateway / direct p50 (target ≤ 0.05)', ratio(gp50 / dp50));
    line('ratio gateway / direct p99', ratio(gp99 / dp99));
    line('upstream calls per threads query (target ≤ 1)', callsPerQuery.toFixed(3));

    // 2. Pollers: the full gateway vs a bare Yoga answering the same payload from memory.
    const payload = await post(gatewayUrl, QUERY);
    const bare = createYoga({
      schema: createSchema({ typeDefs: readFileSync(join(ROOT, 'schema.graphql'), 'utf8'), resolvers: { Query: { threads: () => (payload.data as { threads: unknown }).threads } } }),
      logging: false,
    });
    const bareServer = createServer(bare);
    servers.push(bareServer);
    const bareUrl = await listen(bareServer);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const bareLoad = await load({ url: bareUrl, body: QUERY, headers, connections: POLLERS, seconds: SECONDS });
    const auditBefore = Number((await store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    upstreamCalls = 0;
    const gatewayLoad = await load({ url: gatewayUrl, body: QUERY, headers, connections: POLLERS, seconds: SECONDS });
    // Requests still in flight when the load generator stopped finish (and are audited) just after.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const auditAfter = Number((await store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    line(`bare graphql-yoga, ${POLLERS} pollers × ${SECONDS} s`, `${bareLoad.rps.toFixed(0)} req/s, p50 ${bareLoad.p50} ms, p99 ${bareLoad.p99} ms`);
    line(`gateway (auth + audit + cache), ${POLLERS} pollers × ${SECONDS} s`, `${gatewayLoad.rps.toFixed(0)} req/s, p50 ${gatewayLoad.p50} ms, p99 ${gatewayLoad.p99} ms`);
    line('ratio gateway / bare throughput (target ≥ 1.0)', ratio(gatewayLoad.rps / bareLoad.rps));
    line('gateway errors + non-2xx under load (target 0)', String(gatewayLoad.errors + gatewayLoad.non2xx));
    line('requests sent / audit rows written (target equal)', `${gatewayLoad.sent} / ${auditAfter - auditBefore}`);
    line('upstream calls during the load', String(upstreamCalls));

    // An idle poll: a conditional GET of the same list, unchanged since the poller's last answer.
    const idle = await idlePollBytes(gatewayUrl, TOKEN, THREADS);
    line('idle poll bytes on the wire, request + response (target ≤ 2 KB)', `${idle.bytes} B (HTTP ${idle.status})`);

    // Freshness: the pollers again, each a conditional GET, while threads are created through the gateway.
    const auditBeforeFresh = Number((await store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const fresh = await freshness({ url: gatewayUrl, token: TOKEN, query: THREADS, bound: SESSIONS, pollers: POLLERS, seconds: FRESH_SECONDS, changeEveryMs: 500 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const auditAfterFresh = Number((await store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    line(`${POLLERS} conditional pollers × ${FRESH_SECONDS} s, a thread created every 0.5 s`, `${fresh.answers} answers (${fresh.notModified} × 304), ${fresh.changes} changes`);
    line('stale answers: sent after a change was acknowledged, without it (target 0)', String(fresh.stale));
    line('errors during the freshness run (target 0)', String(fresh.errors));
    line('answers + changes / audit rows written (target equal)', `${fresh.answers + fresh.changes} / ${auditAfterFresh - auditBeforeFresh}`);
    await unbindThreads(gatewayUrl, TOKEN, fresh.created);

    // Memory of a gateway process of its own under the same pollers, with the same sessions bound.
    const sessionIds = (await store.db.selectFrom('session_bindings').select('session_id').execute()).map((row) => row.session_id);
    const memory = await pollerMemory({ entry: join(ROOT, 'apps/gateway/dist/main.mjs'), opencodeUrl: opencode.url, password: opencode.password, sessionIds, query: QUERY, pollers: POLLERS, seconds: SECONDS });
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    line(`gateway process RSS, ${SESSIONS} threads: at rest / peak / after ${POLLERS} pollers × ${SECONDS} s (target after ≤ 150 MB)`, `${mb(memory.rest)} / ${mb(memory.peak)} / ${mb(memory.after)}`);

    // Scale out: the same sessions bound in PostgreSQL; two gateway processes on it against one.
    const entry = join(ROOT, 'apps/gateway/dist/main.mjs');
    await scaleOut({ opencode, sqliteStore: store, sqliteGatewayUrl: gatewayUrl, entry, token: TOKEN, query: QUERY, samples: SAMPLES, pollers: POLLERS, seconds: SECONDS, line });

    // 3. Cold start of a gateway process to its first answered query (OpenCode already up).
    const colds: number[] = [];
    for (let i = 0; i < 3; i += 1) colds.push(await coldStart(opencode.url, opencode.password));
    line('cold start to first answered query, median of 3 (target ≤ 1.5 s)', ms(percentile(colds, 50)));

    // 4. The console: what the browser must load first, and how soon the list shows.
    line('console initial JS, gzip (target ≤ 150 KB)', `${(initialJsGzipBytes(DEFAULT_CONSOLE_DIR) / 1024).toFixed(1)} KB`);
    const visible = await threadListVisibleMs(gatewayUrl.replace(/\/graphql$/, ''), TOKEN);
    line('thread list visible after load, median of 5 (target ≤ 1 s)', ms(percentile(visible, 50)));

    // 5. Live: the first delta of a reply through a subscription vs OpenCode's own event stream, and
    // 500 subscribers of one thread on a gateway process of their own.
    const target = { graphqlUrl: gatewayUrl, token: TOKEN };
    const firsts = await firstDeltaMs(target, opencode, 7);
    const [gFirst, dFirst] = [percentile(firsts.gateway, 50), percentile(firsts.direct, 50)];
    line('first delta after the send, direct /event vs subscription (median of 7)', `${ms(dFirst)} vs ${ms(gFirst)}`);
    line('subscription / direct (target ≤ 1.1× + 5 ms)', `${ratio(gFirst / dFirst)}, ${ms(gFirst - 1.1 * dFirst)} over 1.1×`);
    const many = await manySubscribers({ entry: join(ROOT, 'apps/gateway/dist/main.mjs'), opencodeUrl: opencode.url, password: opencode.password, token: TOKEN, count: 500 });
    line('500 subscribers of one thread: got every delta', `${many.complete} / 500`);
    line('500 subscribers: gateway RSS growth (target ≤ 30 MB)', `${(many.growthBytes / 2 ** 20).toFixed(1)} MB`);

    await gateway.close();
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await store.close();
    await opencode.dispose();
    await model.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
