import { randomUUID } from 'node:crypto';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { OpencodePort } from '@otto/opencode';
import { DEFAULT_SERVER, type Store } from '@otto/store';
import { createYoga, type Plugin } from 'graphql-yoga';
import { MessageArchive } from './archive/message-archive.service.js';
import { AuditService } from './audit/audit.service.js';
import { useAudit } from './audit/audit.plugin.js';
import { useOperatorAuth } from './auth/auth.plugin.js';
import { DEFAULT_RESPONSE_CACHE, ResponseCache, type ResponseCacheLimits } from './cache/response-cache.js';
import { useResponseCache } from './cache/response-cache.plugin.js';
import { FailureLimiter, type FailureLimits } from './auth/failure-limiter.js';
import { PasswordLockout, type LockoutLimits } from './auth/password-lockout.js';
import type { GatewayContext, GatewayServices } from './context.js';
import { toClientError } from './errors.js';
import { AttachmentService } from './attachments/attachment.service.js';
import { DEFAULT_UPLOAD_LIMITS, multipartBodyLimit, type UploadLimits } from './attachments/upload-limits.js';
import { useBodyLimit } from './http/body-limit.plugin.js';
import { useCsrfPrevention } from './http/csrf.plugin.js';
import { useCodedRefusals } from './http/coded-refusals.plugin.js';
import { clientAddressResolver, type TrustProxy } from './http/client-address.js';
import { corsFor } from './http/cors.js';
import { useRequestChecks } from './http/request-checks.plugin.js';
import { queryCostRule } from './http/query-cost.rule.js';
import { useSafeVariables } from './http/safe-variables.plugin.js';
import { useEventStream } from './http/event-stream.plugin.js';
import { useStreamHeaders } from './http/stream-headers.plugin.js';
import { LIMITS } from './limits.js';
import type { Logger } from './logger.js';
import { MessageService } from './messages/message.service.js';
import { ModelService } from './models/model.service.js';
import { LiveService } from './live/live.service.js';
import { LogService } from './logs/logs.service.js';
import { useSharedSubscriptionExecution } from './live/shared-execution.plugin.js';
import { useGraphqlMetrics } from './metrics/graphql-metrics.plugin.js';
import { metricsEndpoint } from './metrics/metrics.endpoint.js';
import { GatewayMetrics } from './metrics/metrics.js';
import { RequestStats } from './metrics/request-stats.js';
import { OperatorService } from './operators/operator.service.js';
import { QuestionService } from './questions/question.service.js';
import { RELOAD_START_GRACE_MS, SendService } from './messages/send.service.js';
import type { ReplyWaitOptions } from './messages/reply-wait.js';
import { PermissionService } from './permissions/permission.service.js';
import { PinService } from './pins/pin.service.js';
import { ExportService } from './export/export.service.js';
import { schema } from './schema.js';
import { SearchService } from './search/search.service.js';
import { Housekeeping } from './system/housekeeping.js';
import { SupervisorService, type SupervisorView } from './system/supervisor.service.js';
import { ProviderService } from './providers/provider.service.js';
import { MirrorSet } from './servers/mirror-set.js';
import { createOpencodeServer } from './servers/opencode-server.js';
import { routedPort } from './servers/routed-port.js';
import { ServerSet } from './servers/server-set.js';
import { ThreadService } from './threads/thread.service.js';
import type { TunnelPort } from './tunnel/tunnel.port.js';
import { TunnelService } from './tunnel/tunnel.service.js';
import { TodoService } from './todos/todo.service.js';
import { ChangeService } from './changes/change.service.js';

/** One OpenCode server: its name (shown on its threads) and the port that reaches it. */
export interface NamedPort {
  name: string;
  port: OpencodePort;
}

export interface GatewayOptions {
  version: string;
  store: Store;
  /** The one OpenCode server (named `default`), or several, the first being the default. */
  opencode: OpencodePort | readonly NamedPort[];
  /** The legacy `OTTO_OPERATOR_TOKEN`: a token of the bootstrap admin, so older scripts keep running. */
  legacyToken?: string;
  logger: Logger;
  healthIntervalMs?: number;
  /** One deadline for getting a message accepted by OpenCode. Default 10 s. */
  upstreamTimeoutMs?: number;
  /** How an awaited reply is watched; tests shorten it. */
  reply?: Partial<ReplyWaitOptions>;
  /** Origins allowed to call with credentials; none by default. */
  corsOrigins?: readonly string[];
  /** Whose X-Forwarded-For to believe; nobody by default. */
  trustProxy?: TrustProxy;
  /** Larger request bodies are refused with 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** What a message may carry (OTTO_MAX_UPLOAD_BYTES, OTTO_UPLOAD_TYPES); a multipart body may be as large as that needs. Default 10 MB each, images, text and PDF. */
  uploads?: UploadLimits;
  /** Failed-token limits per client; tests tighten them. */
  authLimits?: Partial<FailureLimits>;
  /** Wrong-password lockout per account and client; tests shorten it. */
  lockout?: Partial<LockoutLimits>;
  /** Events a subscriber may fall behind by (OTTO_SUBSCRIPTION_BUFFER). Default 1,000. */
  subscriptionBuffer?: number;
  /** Where the metrics go; made before the gateway when the adapter and supervisor report to it too. Default: a registry of this gateway's own. */
  metrics?: GatewayMetrics;
  /** `OTTO_METRICS_TOKEN`: lets a scraper read /metrics without an operator's token. */
  metricsToken?: string;
  /** The supervisor of the gateway's own OpenCode; unset when OPENCODE_URL points elsewhere. */
  supervisor?: SupervisorView;
  /** Default 90. */
  auditRetentionDays?: number;
  /** The folder the logger's files are in (OTTO_LOG_DIR), read by the `logs` query; unset → no lines. */
  logDir?: string;
  /** What runs the tunnel (cloudflared, or a test's fake); unset → startTunnel is TUNNEL_UNAVAILABLE. */
  tunnel?: TunnelPort;
  /** OTTO_TUNNEL: the tunnel starts with the gateway, and session cookies are Secure from the start. */
  tunnelConfigured?: boolean;
  /** OTTO_COOKIE_SECURE: session cookies are Secure even without https or a tunnel (behind a TLS proxy). */
  cookieSecure?: boolean;
  /** OTTO_ARCHIVE: keep bound threads' message text for search and STALE history. Default true. */
  archive?: boolean;
  /** OTTO_RESPONSE_CACHE, _ENTRIES, _BYTES. Default on, 1,000 answers, 16 MB. */
  responseCache?: ResponseCacheLimits;
}

export type Gateway = ReturnType<typeof createGateway>;

/** Builds the services and the Yoga app; `start()` begins mirroring, health probes and housekeeping. */
export function createGateway(options: GatewayOptions) {
  const { store, logger } = options;
  const metrics = options.metrics ?? new GatewayMetrics();
  const ports = Array.isArray(options.opencode) ? options.opencode : [{ name: DEFAULT_SERVER, port: options.opencode as OpencodePort }];
  const servers = new ServerSet(
    ports.map(({ name, port }) =>
      createOpencodeServer(name, port, {
        healthIntervalMs: options.healthIntervalMs ?? 5_000,
        onSessions: (sessions) => threads.rememberLater(sessions),
        onDown: (server, reason) => sender.upstreamLost(reason, server),
      }),
    ),
  );
  const mirror = new MirrorSet(servers.all);
  const opencode = routedPort(servers);
  const { health } = servers.first;
  // The mirror's and the sender's callbacks run only after start() or a request, when all exist.
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  const attachments = new AttachmentService({
    limits: options.uploads ?? DEFAULT_UPLOAD_LIMITS,
    opencode,
    models: {
      inputsOf: (model, threadId) => services.models.inputsOf(model, servers.of(threadId).name),
      defaultModel: (threadId) => servers.of(threadId).port.defaultModel(),
    },
  });
  const sender = new SendService({
    opencode,
    store,
    requireSession: (threadId, signal) => threads.requireSession(threadId, signal),
    serverOf: (threadId) => servers.of(threadId).name,
    timeoutMs: options.upstreamTimeoutMs ?? 10_000,
    reply: options.reply,
    onOutcome: metrics.sendOutcome,
    checkChoice: (choice, threadId) => services.models.requireKnown(choice, servers.of(threadId).name),
    attachments,
  });
  const threads = new ThreadService(
    store,
    servers,
    mirror,
    (error) => logger.warn({ err: error }, 'thread cache write failed'),
    (threadId) => services.live.threadChanged(threadId),
  );
  const housekeeping = new Housekeeping({
    store,
    auditRetentionDays: options.auditRetentionDays ?? 90,
    onError: (error) => logger.warn({ err: error }, 'housekeeping failed'),
  });
  const archive = new MessageArchive({
    store,
    opencode,
    mirror,
    enabled: options.archive ?? true,
    onError: (error) => logger.warn({ err: error }, 'message not archived'),
  });
  const services: GatewayServices = {
    version: options.version,
    instance: { instanceId: randomUUID(), startedAt: Date.now() },
    store,
    opencode,
    servers,
    mirror,
    health,
    threads,
    messages: new MessageService(opencode, archive),
    sender,
    attachments,
    permissions: new PermissionService(opencode, mirror, threads),
    audit: new AuditService(store),
    operators: new OperatorService({ store, legacyToken: options.legacyToken }),
    questions: new QuestionService(opencode, mirror, threads),
    live: new LiveService(mirror, threads, opencode, { capacity: options.subscriptionBuffer ?? 1_000 }),
    logs: new LogService({ dir: options.logDir }),
    metrics,
    requestStats: new RequestStats(metrics.graphqlDuration),
    supervisor: new SupervisorService(options.supervisor),
    providers: new ProviderService({
      // Provider keys are the default server's: each server keeps its own, and a reload cuts its replies off.
      opencode: servers.first.port,
      logger,
      settle: { mirror: servers.first.mirror, health },
      onReloaded: () => {
        sender.expectSlowStart();
        // A provider's key came or went: its models did too.
        services.models.forget(servers.first.name);
        health.expectSlow(RELOAD_START_GRACE_MS);
      },
    }),
    models: new ModelService({ portOf: (server) => servers.named(server, 'server').port, defaultServer: servers.first.name }),
    tunnel: new TunnelService({
      port: options.tunnel,
      configured: options.tunnelConfigured ?? false,
      adminHasPassword: () => services.operators.adminHasPassword(),
    }),
    todos: new TodoService({ opencode, mirror }),
    changes: new ChangeService({
      opencode,
      threads,
      remember: (session) => servers.of(session.id).mirror.remember(session),
      onChanged: (threadId) => services.live.threadChanged(threadId),
    }),
    pins: new PinService({
      store,
      threads,
      upstream: () => mirror.freshView(),
      max: LIMITS.pinsPerOperatorMax,
      onChanged: (threadId) => services.live.threadChanged(threadId),
    }),
    archive,
    search: new SearchService({ store, threads, enabled: archive.enabled }),
    exports: new ExportService({ threads, messages: { page: (thread, page) => services.messages.page(thread, page) } }),
  };

  const responseCache = new ResponseCache({
    limits: options.responseCache ?? DEFAULT_RESPONSE_CACHE,
    changes: mirror,
    freshForMs: () => threads.bindingsFreshForMs(),
    metrics: metrics.responseCache,
  });

  metrics.watch({
    opencodeUp: () => health.current().status !== 'DOWN',
    mirrorSessions: () => mirror.sessionCount(),
    subscriptionsActive: () => services.live.active,
    responseCacheEntries: () => responseCache.size,
    responseCacheBytes: () => responseCache.bytes,
  });

  const onUnexpected = (error: unknown) => logger.error({ err: error }, 'unexpected error while resolving');
  const clientAddressOf = clientAddressResolver(options.trustProxy ?? false);
  // One count for /graphql and /metrics: a client cannot double its guesses by using both.
  const tokenFailures = new FailureLimiter({ store, limits: options.authLimits });
  const yoga = createYoga<Record<string, unknown>, Pick<GatewayContext, 'services'>>({
    schema,
    context: () => ({ services }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
    // useBodyLimit below enforces the limit; Yoga's own would pipe every body through a stream
    // (an AbortController and a DOMException per request) to check it again.
    maxRequestBodySize: false,
    cors: corsFor(options.corsOrigins ?? []),
    graphiql: {
      title: 'Otto Console — GraphiQL',
      // A token from the console's Account page goes here.
      headers: JSON.stringify({ Authorization: 'Bearer otto_…' }, null, 2),
    },
    maskedErrors: { maskError: (error) => toClientError(error, onUnexpected) },
    plugins: [
      // Before anything that can refuse a request, so every refusal is counted and every plugin timed.
      useGraphqlMetrics(metrics),
      // First to see results, so the audit row below sees the same codes (and answers) as the client.
      useCodedResults(onUnexpected),
      useCodedRefusals(),
      useStreamHeaders(),
      useEventStream(),
      // Before everything that can refuse a request, so every refusal leaves its row.
      useAudit({
        store,
        clientAddressOf,
        onWritten: metrics.auditRowWritten,
        onWriteError: (error) => {
          metrics.auditWriteFailed();
          logger.error({ err: error }, 'audit row not written');
        },
      }),
      useBodyLimit(maxBodyBytes, multipartBodyLimit(attachments.limits, maxBodyBytes)),
      useOperatorAuth({
        operators: services.operators,
        clientAddressOf,
        tokenFailures,
        lockout: new PasswordLockout({ store, limits: options.lockout }),
        secureCookies: () => options.cookieSecure === true || services.tunnel.exposed(),
      }),
      useRequestChecks(),
      useCsrfPrevention(),
      useSafeVariables(),
      // After everything that refuses by the request or the caller, and after the audit and coded
      // results see an answer: a hit skips only parsing, validation and execution.
      useResponseCache(responseCache),
      EnvelopArmorPlugin({
        maxDepth: { n: LIMITS.queryMaxDepth, ignoreIntrospection: false },
        maxAliases: { n: LIMITS.queryMaxAliases, allowList: [] },
        maxTokens: { n: LIMITS.queryMaxTokens },
        costLimit: { enabled: false },
        maxDirectives: { n: 20 },
      }),
      useQueryCost(LIMITS.queryMaxCost),
      useSharedSubscriptionExecution(),
    ],
  });

  return {
    yoga,
    services,
    /** `GET /metrics`, served beside Yoga rather than through it: a scrape is no GraphQL operation. */
    metricsEndpoint: metricsEndpoint({ metrics, operators: services.operators, token: options.metricsToken, clientAddressOf, tokenFailures }),
    /** For the supervisor: OpenCode exited, so sends waiting on it end now rather than at a timeout. */
    upstreamExited: (reason: string) => sender.upstreamLost(reason, servers.first.name),
    /** For the supervisor: OpenCode (re)started and answers, so its health is probed now rather than at the next tick. */
    upstreamServing: () => void servers.first.health.probe(),
    start(): void {
      servers.start();
      housekeeping.start();
      archive.start();
      services.requestStats.start();
    },
    /** Ends every open subscription, as a shutdown must before its connections can close. */
    endStreams: () => services.live.endAll(),
    async close(): Promise<void> {
      services.live.endAll();
      servers.close();
      housekeeping.close();
      archive.close();
      services.requestStats.close();
      responseCache.close();
      await services.tunnel.close();
      await threads.flush();
      // Before the store closes: what was heard is written, or given up.
      await archive.settled();
    },
  };
}

function useQueryCost(maxCost: number): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(queryCostRule(maxCost)) };
}

const MAX_ERRORS = 10;
const MAX_MESSAGE = 300;

/**
 * Errors raised outside execution (parse, validation, limits) get a code like every other error,
 * and no answer repeats more than a little of what the client sent: at most ten errors, each short.
 */
function useCodedResults(onUnexpected: (error: unknown) => void): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      const errors = result.errors.slice(0, MAX_ERRORS).map((error) => {
        const coded = toClientError(error, onUnexpected);
        if (coded.message.length > MAX_MESSAGE) Object.defineProperty(coded, 'message', { value: `${coded.message.slice(0, MAX_MESSAGE)}…` });
        return coded;
      });
      setResult({ ...result, errors });
    },
  };
}
