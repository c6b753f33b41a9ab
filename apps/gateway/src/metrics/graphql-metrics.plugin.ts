import { getOperationAST, Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestScope } from '../context.js';
import { isGraphiqlPage } from '../http/graphiql.js';
import type { GatewayMetrics, OperationType } from './metrics.js';

/** The one thing a request carries for its metrics: when it arrived and what it turned out to be. */
export interface RequestTiming {
  startedAt: number;
  type: OperationType;
  failed: boolean;
}

const scopeOf = (serverContext: unknown) => serverContext as RequestScope;

/**
 * Counts every GraphQL request — executed, or refused by auth, size, parsing or validation — by
 * operation type and outcome, and times it from arrival to answer. First among the plugins, so the
 * time includes theirs and a refusal by any of them is counted. A subscription counts once its
 * stream is answered; its duration is left out, since the stream stays open (the open streams are
 * `otto_subscriptions_active`).
 */
export function useGraphqlMetrics(metrics: GatewayMetrics, endpoint = '/graphql'): Plugin {
  return {
    onRequest({ request, url, serverContext }) {
      if (url.pathname !== endpoint || request.method === 'OPTIONS' || isGraphiqlPage(request)) return;
      scopeOf(serverContext).requestTiming = { startedAt: performance.now(), type: 'unknown', failed: false };
    },
    onParse({ context }) {
      const { requestTiming, params } = context as RequestScope & { params?: { operationName?: unknown } };
      return ({ result }) => {
        if (!requestTiming || !isDocument(result)) return;
        const name = typeof params?.operationName === 'string' ? params.operationName : undefined;
        requestTiming.type = getOperationAST(result, name)?.operation ?? 'unknown';
      };
    },
    onResultProcess({ result, serverContext }) {
      const { requestTiming } = scopeOf(serverContext);
      if (requestTiming && !Array.isArray(result) && 'errors' in result && result.errors?.length) requestTiming.failed = true;
    },
    onResponse({ response, serverContext }) {
      const { requestTiming } = scopeOf(serverContext);
      if (!requestTiming) return;
      const { type } = requestTiming;
      const seconds = type === 'subscription' ? null : (performance.now() - requestTiming.startedAt) / 1000;
      metrics.graphqlRequest(type, requestTiming.failed || response.status >= 400, seconds);
    },
  };
}

function isDocument(value: unknown): value is DocumentNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === Kind.DOCUMENT;
}
