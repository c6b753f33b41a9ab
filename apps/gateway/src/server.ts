import { createServer, type RequestListener, type Server } from 'node:http';
import { createSdkAdapter, superviseOpencode, type OpencodeSupervisor } from '@otto/opencode';
import { DEFAULT_SERVER, isStoreError, openStore, type Store } from '@otto/store';
import { ConfigError, type GatewayConfig } from './config.js';
import type { ServerEndpoint } from './servers/server-config.js';
import type { Logger } from './logger.js';
import { readLegacyToken } from './auth/operator-token.js';
import { createGateway, type Gateway } from './yoga.js';
import { version } from './version.js';
import { SESSION_PATH } from './auth/console-session.js';
import { consoleHandler } from './static.js';
import { METRICS_PATH } from './metrics/metrics.endpoint.js';
import { GatewayMetrics } from './metrics/metrics.js';
import { healthEndpoints } from './system/health-endpoints.js';
import { logOpencodeLine } from './logs/opencode-lines.js';
import { createCloudflaredTunnel } from './tunnel/cloudflared.js';
import { logCloudflaredLine } from './tunnel/cloudflared-output.js';
import { tunnelTarget } from './tunnel/tunnel-target.js';

/** How long requests still running at shutdown may take before their connections are cut. */
const CLOSE_GRACE_MS = 5_000;

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  /** While the bootstrap admin has no password: the one-time link where the first person chooses it. */
  setupUrl: string | null;
  /** The legacy operator token, when one is configured or kept from an older install. */
  legacyToken: { value: string; path: string | null } | null;
  gateway: Gateway;
  /** Present when the gateway runs its own `opencode serve`. */
  supervisor: OpencodeSupervisor | undefined;
  /** Why OTTO_TUNNEL's tunnel was not started with the gateway; null when it was, or is off. */
  tunnelRefusal: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for a supervised `opencode serve` (the demo's scripted model). */
  opencodeEnv?: NodeJS.ProcessEnv;
  /** Config object for a supervised `opencode serve`, merged over its own. */
  opencodeConfig?: object;
  /** Restart backoff of a supervised `opencode serve`; tests that kill it often shorten it. */
  restartBackoff?: { initialMs: number; maxMs: number };
  /** Unplanned exits of a supervised `opencode serve` that make a crash loop; default 5 within 10 minutes. */
  crashLoop?: { maxExits?: number; windowMs?: number };
  /** For cloudflared: extra environment (the tests' stand-in reads its instructions there) and a shorter restart backoff. */
  tunnel?: { env?: NodeJS.ProcessEnv; restartBackoff?: { initialMs: number; maxMs: number } };
}

/** Opens the store, reaches (or starts) OpenCode, and serves the gateway over HTTP. */
export async function startServer(config: GatewayConfig, logger: Logger, options: StartOptions = {}): Promise<RunningGateway> {
  const store = await openStoreOrExplain(config);
  const legacyToken = await readLegacyToken(config.operatorToken, config.dataDir).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });

  // Before the supervisor and the adapter, which report to it as well as the gateway.
  const metrics = new GatewayMetrics();
  let supervisor: OpencodeSupervisor | undefined;
  // Set once the gateway exists; the supervisor may report an exit before that.
  let onOpencodeExit: (reason: string) => void = () => undefined;
  // Set once the gateway has started probing: its first probe covers a start before that.
  let onOpencodeServing: () => void = () => undefined;
  let endpoints: ServerEndpoint[];
  if (config.opencode.mode === 'external') {
    endpoints = config.opencode.servers;
  } else {
    supervisor = await superviseOpencode({
      cwd: config.opencode.workspace,
      env: options.opencodeEnv,
      configContent: options.opencodeConfig,
      initialBackoffMs: options.restartBackoff?.initialMs,
      maxBackoffMs: options.restartBackoff?.maxMs,
      crashLoop: options.crashLoop,
      onLog: (line, stream) => logOpencodeLine(logger, line, stream),
      onExit: (info) => {
        metrics.opencodeExited();
        if (info.restartInMs === null) logger.error(info, 'opencode serve is in a crash loop; not restarting it until an admin calls restartOpenCode');
        else if (info.planned) logger.info(info, 'opencode serve stopped for a restart on request');
        else logger.warn(info, 'opencode serve exited; restarting');
        onOpencodeExit(`opencode serve exited (${info.signal ?? `code ${info.code}`})`);
      },
      onServing: () => onOpencodeServing(),
    });
    endpoints = [{ name: DEFAULT_SERVER, url: supervisor.url, username: supervisor.username, password: supervisor.password }];
  }

  const opencode = endpoints.map((endpoint) => ({
    name: endpoint.name,
    port: createSdkAdapter({
      baseUrl: endpoint.url,
      username: endpoint.username,
      password: endpoint.password,
      timeoutMs: config.upstreamTimeoutMs,
      onRequest: metrics.upstreamCall,
    }),
  }));
  let listeningPort = config.port;
  const tunnel = createCloudflaredTunnel({
    bin: config.tunnel.bin,
    target: () => tunnelTarget(config.host, listeningPort),
    token: config.tunnel.token,
    publicUrl: config.tunnel.publicUrl,
    env: options.tunnel?.env,
    initialBackoffMs: options.tunnel?.restartBackoff?.initialMs,
    maxBackoffMs: options.tunnel?.restartBackoff?.maxMs,
    onLog: (line) => logCloudflaredLine(logger, line),
    onExit: ({ code, signal, restartInMs }) => {
      if (restartInMs === null) logger.error({ code, signal }, 'cloudflared exited too often; not restarting it until an admin calls startTunnel');
      else logger.warn({ code, signal, restartInMs }, 'cloudflared exited; restarting');
    },
  });
  const gateway = createGateway({
    version,
    store,
    opencode,
    legacyToken: legacyToken?.token,
    logger,
    healthIntervalMs: config.healthIntervalMs,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    maxBodyBytes: config.maxBodyBytes,
    uploads: config.uploads,
    subscriptionBuffer: config.subscriptionBuffer,
    supervisor,
    auditRetentionDays: config.auditRetentionDays,
    logDir: config.logFiles.dir,
    metrics,
    metricsToken: config.metricsToken,
    tunnel,
    tunnelConfigured: config.tunnel.startWithGateway,
    cookieSecure: config.cookieSecure,
    archive: config.archive,
    responseCache: config.responseCache,
  });
  onOpencodeExit = gateway.upstreamExited;
  const server = createServer(httpHandler(gateway, config.consoleDir));
  try {
    await listen(server, config.host, config.port);
  } catch (error) {
    await supervisor?.stop();
    await store.close();
    throw error;
  }
  let setupSecret: string | null;
  try {
    ({ setupSecret } = await gateway.services.operators.bootstrap(config.adminPassword));
  } catch (error) {
    server.close();
    await supervisor?.stop();
    await store.close();
    throw error;
  }
  try {
    // Before the mirror and the first prompt: the reload would cut them off, and the prompt must use the keys.
    await gateway.services.providers.applyAtStart(config.providerKeys);
  } catch (error) {
    server.close();
    await supervisor?.stop();
    await store.close();
    throw error;
  }
  gateway.start();
  onOpencodeServing = gateway.upstreamServing;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  listeningPort = port;
  const tunnelRefusal = await gateway.services.tunnel.startWithGateway();
  if (tunnelRefusal) logger.warn('OTTO_TUNNEL is set, but the tunnel was not started: see the System page');
  // Bound to every interface (as in the container), the printed links open on this machine.
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const host = shown.includes(':') ? `[${shown}]` : shown;
  const url = `http://${host}:${port}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    setupUrl: setupSecret ? `${url}/login#setup=${encodeURIComponent(setupSecret)}` : null,
    legacyToken: legacyToken ? { value: legacyToken.token, path: legacyToken.path } : null,
    gateway,
    supervisor,
    tunnelRefusal,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open subscriptions end (their streams complete), so their connections go idle and close;
      // whatever is still busy after a grace period is cut.
      gateway.endStreams();
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(cut);
      await gateway.close();
      await supervisor?.stop();
      await store.close();
    },
  };
}

/** GraphQL and the session endpoint go to Yoga, /healthz, /readyz and /metrics answer themselves; every other path is the console. */
export function httpHandler(gateway: Gateway, consoleDir: string): RequestListener {
  const serveConsole = consoleHandler(consoleDir);
  const health = healthEndpoints(gateway.services);
  return (request, response) => {
    const path = request.url ?? '/';
    const healthEndpoint = health.get(path.split('?', 1)[0]!);
    if (path.startsWith('/graphql') || path.startsWith(SESSION_PATH)) void gateway.yoga(request, response);
    else if (healthEndpoint) healthEndpoint(request, response);
    else if (path.split('?', 1)[0] === METRICS_PATH) void gateway.metricsEndpoint(request, response);
    else serveConsole(request, response);
  };
}

async function openStoreOrExplain(config: GatewayConfig): Promise<Store> {
  try {
    return await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (isStoreError(error)) throw new ConfigError(error.message);
    throw error;
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new ConfigError(`port ${port} on ${host} is already in use; set OTTO_PORT to a free port`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new ConfigError(`OTTO_HOST ${host} is not an address of this machine`));
      else if (error.code === 'EACCES') reject(new ConfigError(`not allowed to listen on port ${port}; choose OTTO_PORT above 1024`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}
