import type { CombinedError } from '@urql/core';
import { isNetworkError } from './urql';

type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'RATE_LIMITED'
  | 'INTERNAL';

// Codes whose server message is about the operator's own input and reads well as it is.
const OWN_MESSAGE = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);

const MESSAGES: Record<Exclude<ErrorCode, 'BAD_USER_INPUT' | 'NOT_FOUND'>, string> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'This is not allowed.',
  UPSTREAM_UNAVAILABLE: 'OpenCode is unavailable right now.',
  UPSTREAM_TIMEOUT: 'OpenCode took too long to answer.',
  RATE_LIMITED: 'Too many attempts. Wait a moment, then try again.',
  INTERNAL: 'Something went wrong in the gateway.',
};

export function errorCode(error: CombinedError): string | undefined {
  const code = error.graphQLErrors[0]?.extensions.code;
  return typeof code === 'string' ? code : undefined;
}

/** One sentence an operator can act on. */
export function describeError(error: CombinedError): string {
  if (isNetworkError(error)) return "Can't reach the gateway.";
  const code = errorCode(error);
  const first = error.graphQLErrors[0];
  if (code && !OWN_MESSAGE.has(code) && code in MESSAGES) return MESSAGES[code as keyof typeof MESSAGES];
  return first?.message ?? error.message;
}
