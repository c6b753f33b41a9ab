import { createServerAdapter } from '@whatwg-node/server';
import { bearerOf } from '../auth/auth.plugin.js';
import type { FailureLimiter } from '../auth/failure-limiter.js';
import { scopesOf } from '../auth/roles.js';
import { tokenMatches } from '../auth/secret-compare.js';
import { jsonResponse, refusal } from '../errors.js';
import type { ClientAddressOf } from '../http/client-address.js';
import type { OperatorService } from '../operators/operator.service.js';
import type { GatewayMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
  metrics: GatewayMetrics;
  operators: OperatorService;
  /** `OTTO_METRICS_TOKEN`: the scraper's own secret, which acts for no operator. */
  token?: string;
  clientAddressOf: ClientAddressOf;
  /** Wrong tokens per client, counted with those sent to /graphql. */
  tokenFailures: FailureLimiter;
}

const refused = (message: string) => refusal('UNAUTHENTICATED', message, { status: 401, headers: { 'www-authenticate': 'Bearer realm="otto"' } });

function rateLimited(retryAfterMs: number): Response {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return refusal('RATE_LIMITED', `Too many wrong tokens from this client; try again in ${seconds} s`, { headers: { 'retry-after': String(seconds) } });
}

/**
 * `GET /metrics`, the Prometheus text format, for the metrics token or an ADMIN's token (an `otto_`
 * token or the legacy operator token); 401 for anyone else. A scrape is no GraphQL operation, so it
 * is not audited. Wrong tokens are counted per client, together with those sent to /graphql.
 */
export function metricsEndpoint(options: MetricsEndpointOptions) {
  const { metrics, operators, tokenFailures } = options;

  async function check(bearer: string | null, address: string): Promise<Response | null> {
    if (bearer === null) return refused('Send Authorization: Bearer <OTTO_METRICS_TOKEN or an ADMIN token>');
    // Before any comparison, so a client past its limit cannot go on guessing the metrics token either.
    const retryAfterMs = await tokenFailures.retryAfterMs(address);
    if (retryAfterMs > 0) return rateLimited(retryAfterMs);
    if (options.token && tokenMatches(options.token, bearer)) return null;
    const caller = await operators.callerForToken(bearer);
    if (!caller) {
      const failed = await tokenFailures.fail(address);
      if (failed.retryAfterMs > 0) return rateLimited(failed.retryAfterMs);
      if (failed.delayMs) await new Promise((resolve) => setTimeout(resolve, failed.delayMs));
      return refused('Invalid, expired or revoked token');
    }
    return scopesOf(caller.role).admin ? null : refused('Metrics are for OTTO_METRICS_TOKEN or a token with the ADMIN role');
  }

  return createServerAdapter(async (request: Request, serverContext: unknown) => {
    if (request.method !== 'GET') return jsonResponse(405, null, { allow: 'GET' });
    const denied = await check(bearerOf(request), options.clientAddressOf(request, serverContext) ?? 'unknown');
    if (denied) return denied;
    return new Response(await metrics.registry.metrics(), {
      headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
    });
  });
}

export type MetricsEndpoint = ReturnType<typeof metricsEndpoint>;
