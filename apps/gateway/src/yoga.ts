import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { OpencodeAdapter } from '@otto/opencode';
import type { Store } from '@otto/store';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { GatewayContext, GatewayServices } from './context.js';
import { toClientError } from './errors.js';
import { LIMITS } from './limits.js';
import type { Logger } from './logger.js';
import { useAudit } from './plugins/audit.js';
import { useOperatorAuth, type OperatorAuthOptions } from './plugins/auth.js';
import { createConsoleSessions } from './plugins/console-session.js';
import { schema } from './schema/index.js';
import { HealthMonitor } from './services/health.js';
import { SessionMirror } from './services/mirror.js';
import { SendService } from './services/send.js';
import { ThreadService } from './services/threads.js';

export interface GatewayOptions {
  version: string;
  store: Store;
  opencode: OpencodeAdapter;
  operatorToken: string;
  logger: Logger;
  healthIntervalMs?: number;
  /** Failed-token limits (see useOperatorAuth); tests tighten them. */
  authLimits?: Pick<OperatorAuthOptions, 'freeFailures' | 'maxFailures' | 'failureWindowMs'>;
}

export type Gateway = ReturnType<typeof createGateway>;

/** Builds the services and the Yoga app; `start()` begins mirroring and health probes. */
export function createGateway(options: GatewayOptions) {
  const { store, opencode, logger } = options;
  // The mirror's callbacks run only after start(), when threads and health exist.
  const mirror = new SessionMirror(opencode, {
    onSessions: (sessions) => threads.rememberLater(sessions),
    onDisconnect: () => void health.probe(),
  });
  const threads = new ThreadService(store, opencode, mirror, (error) => logger.warn({ err: error }, 'thread cache write failed'));
  const health = new HealthMonitor(opencode, {
    intervalMs: options.healthIntervalMs ?? 5_000,
    mirrorLive: () => mirror.isLive(),
    onRecovered: () => mirror.nudge(),
    onHealthy: () => mirror.heal(),
  });
  const services: GatewayServices = {
    version: options.version,
    store,
    opencode,
    mirror,
    health,
    threads,
    sender: new SendService(store, opencode),
  };

  const onUnexpected = (error: unknown) => logger.error({ err: error }, 'unexpected error while resolving');
  const yoga = createYoga<Record<string, unknown>, Pick<GatewayContext, 'services'>>({
    schema,
    context: () => ({ services }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
    graphiql: {
      title: 'Otto Console — GraphiQL',
      headers: JSON.stringify({ Authorization: 'Bearer <operator token>' }, null, 2),
    },
    maskedErrors: { maskError: (error) => toClientError(error, onUnexpected) },
    plugins: [
      // First, so the audit row below sees the same codes as the client.
      useCodedResults(onUnexpected),
      useAudit({ store, onWriteError: (error) => logger.error({ err: error }, 'audit write failed') }),
      useOperatorAuth({ token: options.operatorToken, sessions: createConsoleSessions({ store }), ...options.authLimits }),
      // A browser sends a cookie on any cross-site "simple" request (GET, form posts); requiring a
      // custom header forces a CORS preflight, which other origins fail. JSON POSTs already need one.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
      EnvelopArmorPlugin({
        maxDepth: { n: LIMITS.queryMaxDepth, ignoreIntrospection: false },
        maxAliases: { n: LIMITS.queryMaxAliases },
        maxTokens: { n: LIMITS.queryMaxTokens },
        costLimit: { maxCost: LIMITS.queryMaxCost },
        maxDirectives: { n: 20 },
      }),
    ],
  });

  return {
    yoga,
    services,
    start(): void {
      mirror.start();
      health.start();
    },
    async close(): Promise<void> {
      mirror.close();
      health.close();
      await threads.flush();
    },
  };
}

/** Errors raised outside execution (parse, validation, limits) get a code like every other error. */
function useCodedResults(onUnexpected: (error: unknown) => void): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map((error) => toClientError(error, onUnexpected)) });
    },
  };
}
