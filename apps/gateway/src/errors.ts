import { isOpencodeError } from '@otto/opencode';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

/** Every `extensions.code` the gateway answers with; exposed as the ErrorCode enum. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'DELIVERY_UNCONFIRMED',
  'IDEMPOTENCY_IN_PROGRESS',
  'RATE_LIMITED',
  'SLOW_CONSUMER',
  /** A supervisor action on a gateway that does not run OpenCode itself (OPENCODE_URL is set). */
  'NOT_SUPERVISED',
  /** startTunnel while only the legacy shared token guards the console: an admin must choose a password first. */
  'PASSWORD_REQUIRED',
  /** startTunnel on a gateway that cannot run cloudflared (not installed, not executable). */
  'TUNNEL_UNAVAILABLE',
  /** A session id that two OpenCode servers both report: which one is meant cannot be told. */
  'AMBIGUOUS_THREAD',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  RATE_LIMITED: 429,
};

/** The code a refusal made outside GraphQL (auth, CSRF, body limit) stands for, from its HTTP status. */
export function codeOfStatus(status: number): ErrorCode | null {
  if (status < 400) return null;
  const code = (Object.keys(HTTP_STATUS) as ErrorCode[]).find((key) => HTTP_STATUS[key] === status);
  // 413 and the other request-shape refusals (405, 415, …) are BAD_REQUEST.
  return code ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
}

/** An expected failure: its message is for the client, so it is never masked. */
export function codedError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return createGraphQLError(message, {
    extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
  });
}

/** A JSON answer made outside GraphQL (sign-in, refusals), never cached. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** A refusal answered before GraphQL runs, in the same shape as a GraphQL error. */
export function refusal(code: ErrorCode, message: string, options: { status?: number; headers?: Record<string, string> } = {}): Response {
  return jsonResponse(options.status ?? HTTP_STATUS[code] ?? 400, { errors: [{ message, extensions: { code } }] }, options.headers);
}

export function badInput(message: string, field?: string): GraphQLError {
  return codedError('BAD_USER_INPUT', message, field ? { field } : {});
}

export function notFound(message: string): GraphQLError {
  return codedError('NOT_FOUND', message);
}

export function codeOf(error: unknown): ErrorCode | undefined {
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return ERROR_CODES.includes(code as ErrorCode) ? (code as ErrorCode) : undefined;
}

// By name, not instanceof: graphql can be loaded twice (its CommonJS and ESM builds), and an error
// made by one copy is not an instance of the other's class.
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}


/**
 * Decides what a client sees for any error: coded errors pass (Yoga's own refusals of a malformed
 * request carry BAD_REQUEST), OpenCode failures become their upstream code, parse and validation
 * failures become BAD_USER_INPUT, anything else is masked. Nothing the request held is passed on to
 * be logged.
 */
export function toClientError(error: unknown, onUnexpected: (error: unknown) => void): GraphQLError {
  const code = codeOf(error);
  if (isGraphQLError(error) && code) return withStatus(error, code);
  const original = isGraphQLError(error) && error.originalError ? error.originalError : error;
  const path = isGraphQLError(error) ? error.path : undefined;
  if (isOpencodeError(original)) {
    const upstream: ErrorCode =
      original.code === 'NOT_FOUND' ? 'NOT_FOUND' : original.code === 'BAD_REQUEST' ? 'BAD_USER_INPUT' : original.code;
    return createGraphQLError(original.message, { path, extensions: { code: upstream } });
  }
  // Pothos refuses a connection cursor it did not issue.
  if (original instanceof Error && original.name === 'PothosValidationError') {
    const message = /cursor|base64/i.test(original.message) ? 'after/before is not a cursor this API returned' : original.message.slice(0, 200);
    return createGraphQLError(message, { path, extensions: { code: 'BAD_USER_INPUT' } });
  }
  // JSON that Yoga could not parse (a body, or variables in a query string or form): its message
  // quotes the input, so it is neither repeated nor logged.
  if (original instanceof SyntaxError) return codedError('BAD_REQUEST', 'The request holds invalid JSON.');
  // Errors graphql-js and Yoga raise themselves (parse, validation, limits) carry no original
  // error: they describe the request, so the client may read them.
  if (isGraphQLError(error) && !error.originalError) {
    const refused = (error.extensions?.http as { status?: number } | undefined)?.status === 403;
    return createGraphQLError(error.message, {
      nodes: error.nodes,
      positions: error.positions,
      path: error.path,
      extensions: { code: refused ? 'FORBIDDEN' : 'BAD_USER_INPUT', ...(refused ? { http: { status: 403 } } : {}) },
    });
  }
  onUnexpected(original);
  return createGraphQLError('Unexpected error.', { path, extensions: { code: 'INTERNAL' } });
}

/** A coded error as the client gets it: its code's HTTP status, and no `originalError` (Yoga shows it outside production). */
function withStatus(error: GraphQLError, code: ErrorCode): GraphQLError {
  const { originalError: _dropped, http: _http, ...extensions } = error.extensions ?? {};
  const status = HTTP_STATUS[code];
  return createGraphQLError(error.message, {
    nodes: error.nodes,
    positions: error.positions,
    path: error.path,
    extensions: { ...extensions, code, ...(status ? { http: { status } } : {}) },
  });
}
