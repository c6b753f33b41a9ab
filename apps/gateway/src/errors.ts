import { isOpencodeError } from '@otto/opencode';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429 };

/** An expected failure: its message is for the client, so it is never masked. */
export function codedError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return createGraphQLError(message, {
    extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
  });
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

/**
 * Decides what a client sees for any error: coded errors pass, OpenCode failures become their
 * upstream code, Yoga's parse/validation failures become BAD_USER_INPUT, anything else is masked.
 */
// By name, not instanceof: graphql can be loaded twice (its CommonJS and ESM builds), and an error
// made by one copy is not an instance of the other's class.
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

export function toClientError(error: unknown, onUnexpected: (error: unknown) => void): GraphQLError {
  if (isGraphQLError(error) && codeOf(error)) return error;
  const original = isGraphQLError(error) && error.originalError ? error.originalError : error;
  const path = isGraphQLError(error) ? error.path : undefined;
  if (isOpencodeError(original)) {
    const code: ErrorCode =
      original.code === 'NOT_FOUND' ? 'NOT_FOUND' : original.code === 'BAD_REQUEST' ? 'BAD_USER_INPUT' : original.code;
    return createGraphQLError(original.message, { path, extensions: { code } });
  }
  // Errors graphql-js and Yoga raise themselves (parse, validation, variable coercion, limits) carry
  // no original error: they describe the request, so the client may read them.
  if (isGraphQLError(error) && !error.originalError) {
    const refused = (error.extensions?.http as { status?: number } | undefined)?.status === 403;
    return createGraphQLError(error.message, {
      nodes: error.nodes,
      positions: error.positions,
      path: error.path,
      extensions: { ...error.extensions, code: refused ? 'FORBIDDEN' : 'BAD_USER_INPUT' },
    });
  }
  onUnexpected(original);
  return createGraphQLError('Unexpected error.', { path, extensions: { code: 'INTERNAL' } });
}
