import { createSdkAdapter, type OpencodePort } from '@otto/opencode';
import { openMemoryStore, type Store } from '@otto/store';
import { rememberSecrets, testLogDir } from '@otto/testkit/test-logs';
import { expect } from 'vitest';
import { openGatewayLogger, type GatewayLogger, type Logger } from '../src/logger.js';
import { GatewayMetrics } from '../src/metrics/metrics.js';
import { createGateway, type Gateway, type GatewayOptions, type NamedPort } from '../src/yoga.js';

export const TOKEN = 'test-operator-token-0123456789';
rememberSecrets(TOKEN);

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  headers: Headers;
}

export interface TestGateway {
  gateway: Gateway;
  store: Store;
  opencode: OpencodePort;
  /** Upstream calls counted at the adapter, by name. */
  calls: string[];
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string>; address?: string; operationName?: unknown },
  ): Promise<GqlResult<T>>;
  /** A raw request to the gateway, as a script or browser would send it. */
  fetch(path: string, init?: RequestInit, address?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A whole gateway in-process (real store in memory), driven through `yoga.fetch`: against a real
 * OpenCode at `opencodeUrl`, or against a port such as the in-memory fake.
 */
export async function startTestGateway(
  options: ({ opencodeUrl: string; password?: string } | { opencode: OpencodePort & { calls?: string[] } } | { servers: readonly NamedPort[] }) & {
    healthIntervalMs?: number;
    timeoutMs?: number;
    start?: boolean;
    /** Default: a fresh in-memory store, closed with the gateway. */
    store?: Store;
    /** Default: every line, into log files of this gateway's own under the run's log root (see vitest.config.ts). */
    logger?: Logger;
    /** The folder the `logs` query reads; default: the default logger's. */
    logDir?: string;
  } & Partial<Pick<GatewayOptions, 'reply' | 'corsOrigins' | 'trustProxy' | 'maxBodyBytes' | 'authLimits' | 'lockout' | 'subscriptionBuffer' | 'supervisor' | 'metricsToken' | 'tunnel' | 'tunnelConfigured' | 'cookieSecure' | 'archive' | 'uploads' | 'responseCache'>>,
): Promise<TestGateway> {
  const store = options.store ?? (await openMemoryStore());
  const calls: string[] = 'opencode' in options ? (options.opencode.calls ?? []) : [];
  // Each test gateway has a registry of its own, which its adapter reports to as well.
  const metrics = new GatewayMetrics();
  const opencode =
    'servers' in options
      ? options.servers
      : 'opencode' in options
      ? options.opencode
      : createSdkAdapter({
          baseUrl: options.opencodeUrl,
          password: options.password,
          timeoutMs: options.timeoutMs ?? 5_000,
          onCall: (call) => calls.push(call),
          onRequest: metrics.upstreamCall,
        });
  const logDir = options.logDir ?? (options.logger ? undefined : testLogDir('harness'));
  const logFiles = options.logger ? undefined : await openTestLogger(logDir!);
  const gateway = createGateway({
    version: 'test',
    store,
    opencode,
    legacyToken: TOKEN,
    logger: options.logger ?? logFiles!.logger,
    logDir,
    healthIntervalMs: options.healthIntervalMs ?? 200,
    upstreamTimeoutMs: options.timeoutMs ?? 5_000,
    reply: options.reply,
    corsOrigins: options.corsOrigins,
    trustProxy: options.trustProxy,
    maxBodyBytes: options.maxBodyBytes,
    authLimits: options.authLimits,
    lockout: options.lockout,
    subscriptionBuffer: options.subscriptionBuffer,
    supervisor: options.supervisor,
    metrics,
    metricsToken: options.metricsToken,
    tunnel: options.tunnel,
    tunnelConfigured: options.tunnelConfigured,
    cookieSecure: options.cookieSecure,
    archive: options.archive,
    uploads: options.uploads,
    responseCache: options.responseCache,
  });
  // The legacy token acts for the bootstrap admin, so there must be one.
  await gateway.services.operators.bootstrap();
  if (options.start !== false) gateway.start();
  return {
    gateway,
    store,
    opencode: gateway.services.opencode,
    calls,
    async gql(query, variables, requestOptions = {}) {
      const token = requestOptions.token === undefined ? TOKEN : requestOptions.token;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...requestOptions.headers };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const serverContext = requestOptions.address ? { req: { socket: { remoteAddress: requestOptions.address } } } : {};
      const body = requestOptions.operationName === undefined ? { query, variables } : { query, variables, operationName: requestOptions.operationName };
      const response = await gateway.yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers, body: JSON.stringify(body) }, serverContext);
      return { status: response.status, body: await response.json(), headers: response.headers };
    },
    async fetch(path, init = {}, address = '127.0.0.1') {
      return gateway.yoga.fetch(`http://gateway.test${path}`, init, { req: { socket: { remoteAddress: address } } });
    },
    async close() {
      await gateway.close();
      if (!options.store) await store.close();
      logFiles?.close();
    },
  };
}

/**
 * A gateway logger for a test: every line, into log files in `dir` (a folder under the run's log
 * root, which the end-of-run secret check reads), and on stderr only with DBG set.
 */
export function openTestLogger(dir = testLogDir('gateway')): Promise<GatewayLogger> {
  return openGatewayLogger({ logLevel: 'trace', logFiles: { dir, maxBytes: 10_485_760, count: 5 } }, process.env.DBG ? undefined : { write: () => undefined });
}

/** The data of an answer that must carry no error. */
export function ok<T>(result: GqlResult<T>): T {
  expect(result.body.errors).toBeUndefined();
  return result.body.data as T;
}

/** Creates a thread through the gateway, as the console does; its id. */
export async function createThread(t: TestGateway, title: string, input: Record<string, unknown> = {}): Promise<string> {
  const created = await t.gql<{ createThread: { id: string } }>('mutation($i: CreateThreadInput!) { createThread(input: $i) { id } }', { i: { title, ...input } });
  return ok(created).createThread.id;
}

export function codes(result: GqlResult): Array<string | undefined> {
  return (result.body.errors ?? []).map((error) => error.extensions?.code);
}

/** The calls a request made to OpenCode: the fake's record less the health probe, which runs on its own timer. */
export function requestCalls(fake: { readonly calls: readonly string[] }): string[] {
  return fake.calls.filter((call) => call !== 'global.health');
}

/** Polls `check` until it returns a truthy value or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

export interface SseSubscription<T = Record<string, unknown>> {
  response: Response;
  /** The next `next` event's payload; null once the stream completed. */
  next(timeoutMs?: number): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null>;
  close(): Promise<void>;
}

/** A GraphQL subscription over server-sent events, read as a script would (`Accept: text/event-stream`). */
export async function subscribe<T = Record<string, unknown>>(
  t: TestGateway,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
): Promise<SseSubscription<T>> {
  const response = await t.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  // Read only when asked: a subscriber that does not read must look slow to the gateway.
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    response,
    async next(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (true) {
        const end = buffered.indexOf('\n\n');
        if (end !== -1) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = /^event: (\w+)/m.exec(block)?.[1];
          const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
          if (event === 'complete') return null;
          if (event === 'next') return JSON.parse(data);
          continue;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
        reader ??= response.body!.getReader();
        const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), left))]);
        if (chunk.done) return null;
        buffered += decoder.decode(chunk.value, { stream: true });
      }
    },
    async close() {
      // The stream's own cancel when nothing was read: Yoga's Node stream ignores a reader's cancel before its first read.
      await (reader ? reader.cancel() : response.body?.cancel())?.catch(() => undefined);
    },
  };
}

/** Waits until the gateway's probe sees its (default) OpenCode up. */
export function opencodeUp(t: TestGateway): Promise<boolean> {
  return eventually(async () => (await t.gql<{ system: { opencode: { status: string } } }>('{ system { opencode { status } } }')).body.data?.system.opencode.status === 'UP');
}
