import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../errors.js';
import { clientAddressOf, isGraphiqlPage, noteActor, noteRejection } from './audit.js';
import { SESSION_PATH, type ConsoleSessions } from './console-session.js';
import { FailureLimiter } from './failure-limiter.js';

export interface OperatorAuthOptions {
  /** The one operator secret. */
  token: string;
  /** Browser sessions: `POST /auth/session {token}` signs in, `DELETE` signs out, `GET` tells. */
  sessions: ConsoleSessions;
  /** Path of the GraphQL endpoint. Default `/graphql`. */
  graphqlEndpoint?: string;
  /** Failed attempts from one address before each further failure is slowed down. Default 5. */
  freeFailures?: number;
  /** Failed attempts from one address after which it is refused outright (RATE_LIMITED). Default 20. */
  maxFailures?: number;
  /** How long failures are remembered. Default 15 min. */
  failureWindowMs?: number;
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

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

function refusal(code: ErrorCode, message: string, status: number, retryAfterS?: number): Response {
  const headers: Record<string, string> = {};
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="otto"';
  if (retryAfterS) headers['retry-after'] = String(retryAfterS);
  return json(status, { errors: [{ message, extensions: { code } }] }, headers);
}

async function presentedToken(request: Request): Promise<string | null> {
  try {
    const body = (await request.json()) as { token?: unknown };
    return typeof body.token === 'string' ? body.token : null;
  } catch {
    return null;
  }
}

/**
 * The one operator secret, wherever it is presented: `Authorization: Bearer <token>` on
 * `/graphql` (scripts, GraphiQL), or exchanged once at `/auth/session` for the console's session
 * cookie. Failures are counted per address: slowed down, then refused with RATE_LIMITED.
 */
export function useOperatorAuth(options: OperatorAuthOptions): Plugin {
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const windowMs = options.failureWindowMs ?? 900_000;
  const limiter = new FailureLimiter(options.freeFailures ?? 5, options.maxFailures ?? 20, windowMs);
  const { sessions } = options;

  async function fail(request: Request, address: string, message: string): Promise<Response> {
    const delay = limiter.fail(address);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    noteRejection(request, 'UNAUTHENTICATED');
    return refusal('UNAUTHENTICATED', message, 401);
  }

  async function session(request: Request, address: string): Promise<Response> {
    if (request.method === 'GET') {
      return (await sessions.actorOf(request)) ? json(200, { authenticated: true }) : refusal('UNAUTHENTICATED', 'Not signed in', 401);
    }
    if (request.method === 'DELETE') {
      noteActor(request, (await sessions.actorOf(request)) ?? 'anonymous');
      return json(204, null, { 'set-cookie': await sessions.close(request) });
    }
    if (request.method !== 'POST') return json(405, null, { allow: 'GET, POST, DELETE' });
    const token = await presentedToken(request);
    if (token === null || !tokenMatches(options.token, token)) {
      return fail(request, address, token === null ? 'Send {"token": "<operator token>"}' : 'Invalid operator token');
    }
    limiter.succeed(address);
    noteActor(request, 'operator (console)');
    return json(204, null, { 'set-cookie': await sessions.open(request) });
  }

  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      const isSession = url.pathname === SESSION_PATH;
      if (!isSession && (url.pathname !== endpoint || isGraphiqlPage(request) || request.method === 'OPTIONS')) return;
      const address = clientAddressOf(serverContext) ?? 'unknown';
      if (limiter.blocked(address)) {
        noteRejection(request, 'RATE_LIMITED');
        endResponse(refusal('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', 429, Math.ceil(windowMs / 1000)));
        return;
      }
      if (isSession) {
        endResponse(await session(request, address));
        return;
      }
      const bearer = bearerOf(request);
      if (bearer !== null && tokenMatches(options.token, bearer)) {
        limiter.succeed(address);
        noteActor(request, 'operator');
        return;
      }
      const fromCookie = bearer === null ? await sessions.actorOf(request) : null;
      if (fromCookie) {
        noteActor(request, fromCookie);
        return;
      }
      endResponse(
        await fail(request, address, bearer === null ? 'Missing operator token: send Authorization: Bearer <token>' : 'Invalid operator token'),
      );
    },
  };
}
