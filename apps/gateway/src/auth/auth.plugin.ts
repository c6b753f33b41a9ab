import type { Plugin } from 'graphql-yoga';
import type { RequestScope } from '../context.js';
import { jsonResponse as json, refusal } from '../errors.js';
import type { ClientAddressOf } from '../http/client-address.js';
import { isGraphiqlPage } from '../http/graphiql.js';
import type { OperatorService } from '../operators/operator.service.js';
import { CSRF_HEADER, SESSION_PATH, sessionCookie, sessionSecretOf } from './console-session.js';
import type { FailureLimiter } from './failure-limiter.js';
import type { PasswordLockout } from './password-lockout.js';

export interface OperatorAuthOptions {
  operators: OperatorService;
  clientAddressOf: ClientAddressOf;
  /** Path of the GraphQL endpoint. Default `/graphql`. */
  graphqlEndpoint?: string;
  /** Wrong tokens per client; /metrics counts into the same. */
  tokenFailures: FailureLimiter;
  /** Wrong passwords per account and client. */
  lockout: PasswordLockout;
  /** Whether session cookies are Secure whatever the request's scheme (OTTO_COOKIE_SECURE, or a tunnel). */
  secureCookies?: () => boolean;
}

const MIN_PASSWORD = 12;

export function bearerOf(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

const hasCsrfHeader = (request: Request) => request.headers.has(CSRF_HEADER);

const unauthenticated = (message: string) => refusal('UNAUTHENTICATED', message, { headers: { 'www-authenticate': 'Bearer realm="otto"' } });
const csrfRefused = () => refusal('FORBIDDEN', `A request signed in by the session cookie must carry the ${CSRF_HEADER} header`);

function rateLimited(retryAfterMs: number, what: string): Response {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const wait = seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return refusal('RATE_LIMITED', `Too many ${what} from this client; try again in ${wait}`, { headers: { 'retry-after': String(seconds) } });
}

/** The sign-in body: a name and password, a token, or the first-start link's secret and a new password. */
async function signInBody(request: Request): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await request.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * Who is asking, on every request: an operator through an API token (`Authorization: Bearer otto_…`,
 * or the legacy operator token) or the console's session cookie, set at `/auth/session` by a name and
 * password, a token, or the first-start link. Wrong tokens are counted per client; wrong passwords per
 * account and client; both in the database, with every other gateway's. Cookie-authenticated requests
 * need the CSRF header. The caller goes on the request's context, where scope-auth and the audit log
 * read it.
 */
export function useOperatorAuth(options: OperatorAuthOptions): Plugin {
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const { operators, tokenFailures, lockout } = options;
  const secureCookies = options.secureCookies ?? (() => false);

  /** The caller a presented token speaks for, or the refusal to send. */
  async function checkToken(scope: RequestScope, address: string, token: string | null, missing: string): Promise<Response | null> {
    // No token is no guess: nothing to count.
    if (token === null) return unauthenticated(missing);
    const retryAfterMs = await tokenFailures.retryAfterMs(address);
    if (retryAfterMs > 0) return rateLimited(retryAfterMs, 'wrong tokens');
    const caller = await operators.callerForToken(token);
    if (caller) {
      scope.caller = caller;
      return null;
    }
    const failed = await tokenFailures.fail(address);
    if (failed.retryAfterMs > 0) return rateLimited(failed.retryAfterMs, 'wrong tokens');
    if (failed.delayMs) await new Promise((resolve) => setTimeout(resolve, failed.delayMs));
    return unauthenticated('Invalid, expired or revoked token');
  }

  async function signIn(request: Request, scope: RequestScope, address: string): Promise<Response> {
    const body = await signInBody(request);
    const password = text(body.password);
    const setup = text(body.setup);
    const name = text(body.name);
    if (password !== null && (setup !== null || name !== null) && password.length < MIN_PASSWORD) {
      return refusal('BAD_USER_INPUT', `A password has at least ${MIN_PASSWORD} characters`);
    }
    let operatorId: string;
    if (setup !== null && password !== null) {
      const admin = await operators.completeSetup(setup, password);
      if (!admin) return unauthenticated('This first-start link has been used, is more than a day old, or was never printed');
      operatorId = admin.id;
    } else if (name !== null && password !== null) {
      const retryAfterMs = await lockout.retryAfterMs(name, address);
      if (retryAfterMs > 0) return rateLimited(retryAfterMs, 'wrong passwords for this operator');
      const operator = await operators.checkPassword(name, password);
      if (!operator) {
        await lockout.fail(name, address);
        return unauthenticated('Wrong name or password');
      }
      await lockout.succeed(name, address);
      operatorId = operator.id;
    } else {
      const refused = await checkToken(scope, address, text(body.token), 'Send {"name", "password"} or {"token"}');
      if (refused) return refused;
      const caller = scope.caller!;
      // A console session acts with its operator's whole role: a token made with less cannot open one.
      if ((await operators.me(caller)).role !== caller.role) {
        scope.caller = undefined;
        return refusal('FORBIDDEN', 'This token has a lower role than its owner: sign in with your name and password');
      }
      operatorId = caller.operatorId;
    }
    const secret = await operators.openSession(operatorId, { userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null, clientAddress: address });
    scope.caller = (await operators.callerForSession(secret)) ?? undefined;
    return json(204, null, { 'set-cookie': sessionCookie(request, secret, operators.sessionMaxAgeMs, secureCookies()) });
  }

  async function session(request: Request, scope: RequestScope, address: string): Promise<Response> {
    const secret = sessionSecretOf(request);
    if (request.method === 'GET') {
      return secret && (await operators.callerForSession(secret)) ? json(200, { authenticated: true }) : unauthenticated('Not signed in');
    }
    if (request.method !== 'POST' && request.method !== 'DELETE') return json(405, null, { allow: 'GET, POST, DELETE' });
    if (!hasCsrfHeader(request)) return csrfRefused();
    if (request.method === 'POST') return signIn(request, scope, address);
    if (secret) {
      scope.caller = (await operators.callerForSession(secret)) ?? undefined;
      await operators.closeSession(secret);
    }
    return json(204, null, { 'set-cookie': sessionCookie(request, '', 0, secureCookies()) });
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
      const cookie = sessionSecretOf(request);
      if (bearer === null && cookie !== undefined) {
        const caller = await operators.callerForSession(cookie);
        if (!caller) endResponse(unauthenticated('The console session has ended; sign in again'));
        else if (!hasCsrfHeader(request)) endResponse(csrfRefused());
        else scope.caller = caller;
        return;
      }
      const refused = await checkToken(scope, address, bearer, 'Missing token: send Authorization: Bearer <token>');
      if (refused) endResponse(refused);
    },
  };
}
