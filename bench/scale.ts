/**
 * Scale out on the run's OpenCode and bound sessions: the thread list through a gateway on PostgreSQL
 * against one on SQLite, and the pollers' throughput of two gateway processes on one PostgreSQL database
 * against one.
 */
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { createSdkAdapter } from '@otto/opencode';
import { bindSession, openStore, type Store } from '@otto/store';
import { startGatewayProcess, type GatewayProcess } from '@otto/testkit';
import { startPostgresServer } from '@otto/testkit/postgres-server';
import { sql } from 'kysely';
import { createLogger } from '../apps/gateway/src/logger.js';
import { httpHandler } from '../apps/gateway/src/server.js';
import { DEFAULT_CONSOLE_DIR } from '../apps/gateway/src/static.js';
import { createGateway } from '../apps/gateway/src/yoga.js';
import { listen } from './listen.js';
import { load } from './load.js';
import { ms, percentile, ratio } from './stats.js';

export interface ScaleOptions {
  opencode: { url: string; password: string };
  /** The run's SQLite store; its bindings are bound the same in PostgreSQL. */
  sqliteStore: Store;
  /** The run's in-process gateway on that store. */
  sqliteGatewayUrl: string;
  /** The built gateway entry (apps/gateway/dist/main.mjs). */
  entry: string;
  token: string;
  /** A threads query that returns `totalCount`. */
  query: string;
  samples: number;
  pollers: number;
  seconds: number;
  line(label: string, value: string): void;
}

export async function scaleOut(options: ScaleOptions): Promise<void> {
  const { line } = options;
  // Commits do not wait for the WAL, but the server fsyncs: the durability SQLite's WAL with
  // synchronous=NORMAL gives, so neither database is flattered.
  const postgres = await startPostgresServer({ crashSafe: true });
  const cleanups: Array<() => Promise<unknown>> = [() => postgres.stop()];
  try {
    const store = await openStore({ dataDir: tmpdir(), databaseUrl: postgres.url });
    cleanups.unshift(() => store.close());
    line(`PostgreSQL ${(await setting(store, 'server_version')).split(' ')[0]} durability (server options)`, await durability(store));
    const bound = await copyBindings(options.sqliteStore, store);

    // The same in-process gateway as the run's on SQLite, on PostgreSQL; both measured in turns.
    const adapter = createSdkAdapter({ baseUrl: options.opencode.url, password: options.opencode.password });
    const gateway = createGateway({ version: 'bench', store, opencode: adapter, legacyToken: options.token, logger: createLogger('silent') });
    await gateway.services.operators.bootstrap();
    gateway.start();
    const server = createServer(httpHandler(gateway, DEFAULT_CONSOLE_DIR));
    cleanups.unshift(async () => {
      server.closeAllConnections();
      server.close();
      await gateway.close();
    });
    const postgresUrl = await listen(server);
    for (let i = 0; i < 200 && !gateway.services.mirror.isLive(); i += 1) await sleep(50);
    const list = (url: string) => listOnce(url, options, bound);
    await untilListed(postgresUrl, options, bound);
    const [sqliteTimes, postgresTimes] = await inTurns(options.samples, list(options.sqliteGatewayUrl), list(postgresUrl));
    const [sqliteP50, postgresP50] = [percentile(sqliteTimes, 50), percentile(postgresTimes, 50)];
    line('threads(first: 50) p50, SQLite / PostgreSQL (in turns)', `${ms(sqliteP50)} / ${ms(postgresP50)}`);
    line('ratio PostgreSQL / SQLite p50 (target ≤ 1.5)', ratio(postgresP50 / sqliteP50));

    // Gateway processes as `npm start` runs them: two in one process would share one event loop.
    const start = async () => {
      const started = await startGatewayProcess({
        entry: options.entry,
        opencodeUrl: options.opencode.url,
        opencodePassword: options.opencode.password,
        env: { OTTO_DATABASE_URL: postgres.url, OTTO_OPERATOR_TOKEN: options.token, OTTO_HEALTH_INTERVAL_MS: '5000' },
      });
      cleanups.unshift(() => started.dispose());
      await untilListed(`${started.url}/graphql`, options, bound);
      return started;
    };
    const poll = (processes: GatewayProcess[]) =>
      load({
        url: processes.map((each) => `${each.url}/graphql`),
        body: options.query,
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        connections: options.pollers,
        seconds: options.seconds,
      });
    const first = await start();
    const one = await poll([first]);
    const second = await start();
    const auditBefore = await auditRows(store);
    const two = await poll([first, second]);
    // Requests still in flight when the load generator stopped finish (and are audited) just after.
    await sleep(1_000);
    const audited = (await auditRows(store)) - auditBefore;
    const figures = (result: typeof one) => `${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`;
    line(`one gateway process on PostgreSQL, ${options.pollers} pollers × ${options.seconds} s`, figures(one));
    line('two gateway processes, round-robin by connection', figures(two));
    line('ratio two / one gateway throughput (no gain expected on 2 cores)', ratio(two.rps / one.rps));
    line('errors + non-2xx under load, one / two gateways (target 0)', `${one.errors + one.non2xx} / ${two.errors + two.non2xx}`);
    line('two gateways: requests sent / audit rows written (target equal)', `${two.sent} / ${audited}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

async function setting(store: Store, name: string): Promise<string> {
  const { rows } = await sql<{ value: string }>`select current_setting(${name}) as value`.execute(store.db);
  return rows[0]?.value ?? '?';
}

async function durability(store: Store): Promise<string> {
  const names = ['synchronous_commit', 'fsync', 'full_page_writes'];
  const values = await Promise.all(names.map((name) => setting(store, name)));
  return names.map((name, i) => `${name}=${values[i]}`).join(', ');
}

async function copyBindings(from: Store, to: Store): Promise<number> {
  const rows = await from.db.selectFrom('session_bindings').select(['session_id', 'binding_key', 'source', 'bound_at']).execute();
  for (let i = 0; i < rows.length; i += 20) {
    await Promise.all(
      rows.slice(i, i + 20).map((row) => bindSession(to.db, { sessionId: row.session_id, key: row.binding_key, source: row.source, boundAt: row.bound_at })),
    );
  }
  return rows.length;
}

async function auditRows(store: Store): Promise<number> {
  return Number((await store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

async function threadCount(url: string, options: ScaleOptions): Promise<number | undefined> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' }, body: options.query });
  const body = (await response.json()) as { data?: { threads?: { totalCount: number } } };
  return body.data?.threads?.totalCount;
}

function listOnce(url: string, options: ScaleOptions, bound: number): () => Promise<void> {
  return async () => {
    if ((await threadCount(url, options)) !== bound) throw new Error(`${url} listed an incomplete thread list`);
  };
}

async function untilListed(url: string, options: ScaleOptions, bound: number): Promise<void> {
  for (let waited = 0; (await threadCount(url, options).catch(() => undefined)) !== bound; waited += 100) {
    if (waited > 30_000) throw new Error(`${url} did not list the ${bound} bound threads within 30 s`);
    await sleep(100);
  }
}

/** Times `a` and `b` alternately, after a warm-up, so both meet the same machine. */
async function inTurns(count: number, a: () => Promise<void>, b: () => Promise<void>): Promise<[number[], number[]]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < 20; i += 1) {
    await a();
    await b();
  }
  for (let i = 0; i < count; i += 1) {
    for (const [index, run] of [a, b].entries()) {
      const started = performance.now();
      await run();
      times[index]?.push(performance.now() - started);
    }
  }
  return times;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
