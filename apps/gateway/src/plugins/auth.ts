import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../errors.js';
import { clientAddressOf, isGraphiqlPage, noteActor, noteRejection } from './audit.js';

export interface OperatorAuthOptions {
  /** The one operator secret. */
  token: string;
  /** Path of the GraphQL endpoint; only it is guarded here. Default `/graphql`. */
  graphqlEndpoint?: string;
  /** Failed attempts from one address before each further failure is slowed down. Default 5. */
  freeFailures?: number;
  /** Failed attempts from one address after which it is refused outright (RATE_LIMITED). Default 20. */
  maxFailures?: number;
  /** How long failures are remembered. Default 15 min. */
  failureWindowMs?: number;
  /** Extra ways to present the secret (the console's session cookie); each returns an actor or null. */
  credentials?: Array<(request: Request) => string | null>;
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

function refusal(code: ErrorCode, message: string, status: number, retryAfterS?: number): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="otto"';
  if (retryAfterS) headers['retry-after'] = String(retryAfterS);
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), { status, headers });
}

/** Counts failures per client address in a window; pure bookkeeping so it can be tested alone. */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly freeFailures: number,
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  private entry(address: string, now: number) {
    const entry = this.failures.get(address);
    if (entry && now - entry.since > this.windowMs) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }

  blocked(address: string, now = Date.now()): boolean {
    return (this.entry(address, now)?.count ?? 0) >= this.maxFailures;
  }

  /** Records a failure and returns how long to hold the answer back. */
  fail(address: string, now = Date.now()): number {
    const entry = this.entry(address, now) ?? { count: 0, since: now };
    entry.count += 1;
    this.failures.set(address, entry);
    const excess = entry.count - this.freeFailures;
    return excess > 0 ? Math.min(250 * 2 ** (excess - 1), 5_000) : 0;
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }
}

/**
 * Guards the GraphQL endpoint with the operator secret: `Authorization: Bearer <token>`, or any
 * extra credential (the console's cookie). GraphiQL's page itself is served without a secret; its
 * requests carry the header like any script.
 */
export function useOperatorAuth(options: OperatorAuthOptions): Plugin {
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const limiter = new FailureLimiter(options.freeFailures ?? 5, options.maxFailures ?? 20, options.failureWindowMs ?? 900_000);
  const windowS = Math.ceil((options.failureWindowMs ?? 900_000) / 1000);
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== endpoint || isGraphiqlPage(request) || request.method === 'OPTIONS') return;
      const address = clientAddressOf(serverContext) ?? 'unknown';
      if (limiter.blocked(address)) {
        noteRejection(request, 'RATE_LIMITED');
        endResponse(refusal('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', 429, windowS));
        return;
      }
      const bearer = bearerOf(request);
      if (bearer !== null && tokenMatches(options.token, bearer)) {
        limiter.succeed(address);
        noteActor(request, 'operator');
        return;
      }
      for (const credential of options.credentials ?? []) {
        const actor = credential(request);
        if (actor) {
          noteActor(request, actor);
          return;
        }
      }
      const delay = limiter.fail(address);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      noteRejection(request, 'UNAUTHENTICATED');
      endResponse(
        refusal(
          'UNAUTHENTICATED',
          bearer === null ? 'Missing operator token: send Authorization: Bearer <token>' : 'Invalid operator token',
          401,
        ),
      );
    },
  };
}
