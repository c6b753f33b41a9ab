import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { RequestScope } from '../context.js';
import { refusal } from '../errors.js';
import type { ClientAddressOf } from '../http/client-address.js';
import { isGraphiqlPage } from '../http/graphiql.js';
import { OPERATOR_BY_SESSION, OPERATOR_BY_TOKEN } from './caller.js';
import { CSRF_HEADER, SESSION_PATH, type ConsoleSessions } from './console-session.js';
import { DEFAULT_FAILURE_LIMITS, FailureLimiter, type FailureLimits } from './failure-limiter.js';

export interface OperatorAuthOptions {
  /** The one operator secret. */
  token: string;
  /** Browser sessions: `POST /auth/session {token}` signs in, `DELETE` signs out, `GET` tells. */
  sessions: ConsoleSessions;
  clientAddressOf: ClientAddressOf;
  /** Path of the GraphQL endpoint. Default `/graphql`. */
  graphqlEndpoint?: string;
  /** Failed-token limits per client; tests tighten them. */
  limits?: Partial<FailureLimits>;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time: both sides are hashed to equal length first. */
export function tokenMatches(expected: string, presented: string): boolean {
  return timingSafeEqual(digest(expected), digest(presented));
}

function bearerOf(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

const hasCsrfHeader = (request: Request) => request.headers.has(CSRF_HEADER);

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

const unauthenticated = (message: string) => refusal('UNAUTHENTICATED', message, { headers: { 'www-authenticate': 'Bearer realm="otto"' } });
const csrfRefused = () => refusal('FORBIDDEN', `A request signed in by the session cookie must carry the ${CSRF_HEADER} header`);

async function presentedToken(request: Request): Promise<string | null> {
  try {
    const body = (await request.json()) as { token?: unknown };
    return typeof body.token === 'string' ? body.token : null;
  } catch {
    return null;
  }
}

/**
 * The one operator secret, wherever it is presented: `Authorization: Bearer <token>` on `/graphql`
 * (scripts, GraphiQL), or exchanged once at `/auth/session` for the console's session cookie. Wrong
 * tokens are counted per client: answered more slowly, then refused with RATE_LIMITED and
 * Retry-After. A valid session cookie is never refused for its address's failures, and every
 * cookie-authenticated request needs the CSRF header. The caller goes on the request's context.
 */
export function useOperatorAuth(options: OperatorAuthOptions): Plugin {
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const limiter = new FailureLimiter({ ...DEFAULT_FAILURE_LIMITS, ...options.limits });
  const { sessions } = options;

  /** Checks a presented token for a client: null when it matches, else the refusal to send. */
  async function checkToken(address: string, token: string | null, missing: string): Promise<Response | null> {
    // No token is no guess: nothing to count.
    if (token === null) return unauthenticated(missing);
    const retryAfterMs = limiter.retryAfterMs(address);
    if (retryAfterMs > 0) {
      const seconds = Math.ceil(retryAfterMs / 1000);
      return refusal('RATE_LIMITED', `Too many wrong tokens from this client; try again in ${Math.ceil(seconds / 60)} min`, {
        headers: { 'retry-after': String(seconds) },
      });
    }
    if (tokenMatches(options.token, token)) return null;
    const delay = limiter.fail(address);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    return unauthenticated('Invalid operator token');
  }

  async function session(request: Request, scope: RequestScope, address: string): Promise<Response> {
    if (request.method === 'GET') {
      const caller = await sessions.callerOf(request);
      return caller ? json(200, { authenticated: true }) : unauthenticated('Not signed in');
    }
    if (request.method !== 'POST' && request.method !== 'DELETE') return json(405, null, { allow: 'GET, POST, DELETE' });
    if (!hasCsrfHeader(request)) return csrfRefused();
    if (request.method === 'DELETE') {
      scope.caller = (await sessions.callerOf(request)) ?? undefined;
      return json(204, null, { 'set-cookie': await sessions.close(request) });
    }
    const refused = await checkToken(address, await presentedToken(request), 'Send {"token": "<operator token>"}');
    if (refused) return refused;
    scope.caller = OPERATOR_BY_SESSION;
    return json(204, null, { 'set-cookie': await sessions.open(request) });
  }

  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      const scope = serverContext as RequestScope;
      const address = options.clientAddressOf(request, serverContext) ?? 'unknown';
      if (url.pathname === SESSION_PATH) {
        endResponse(await session(request, scope, address));
        return;
      }
      if (url.pathname !== endpoint || isGraphiqlPage(request) || request.method === 'OPTIONS') return;
      const bearer = bearerOf(request);
      if (bearer === null && sessions.presented(request)) {
        const caller = await sessions.callerOf(request);
        if (!caller) endResponse(unauthenticated('The console session has ended; sign in again'));
        else if (!hasCsrfHeader(request)) endResponse(csrfRefused());
        else scope.caller = caller;
        return;
      }
      const refused = await checkToken(address, bearer, 'Missing operator token: send Authorization: Bearer <token>');
      if (refused) endResponse(refused);
      else scope.caller = OPERATOR_BY_TOKEN;
    },
  };
}
