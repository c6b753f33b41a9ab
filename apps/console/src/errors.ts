import type { CombinedError } from '@urql/core';
import type { ErrorCode } from './gql/graphql';
import { isNetworkError } from './urql';

/**
 * What to tell the operator for each code the gateway can answer with. A Record over the generated
 * ErrorCode: a code added to the schema fails the typecheck here until it has a sentence. Null: the
 * server's own message is about the operator's input and reads well as it is.
 */
const MESSAGES: Record<ErrorCode, string | null> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'Your role does not allow this. An admin can give you a role that does.',
  BAD_REQUEST: 'The gateway could not read the request. Reload the console, then try again.',
  BAD_USER_INPUT: null,
  NOT_FOUND: null,
  UPSTREAM_UNAVAILABLE: 'OpenCode is unavailable right now.',
  UPSTREAM_TIMEOUT: 'OpenCode took too long to answer.',
  DELIVERY_UNCONFIRMED: 'OpenCode may or may not have it; asking again is safe.',
  IDEMPOTENCY_IN_PROGRESS: 'The gateway is still working on it; asking again is safe.',
  RATE_LIMITED: 'Too many attempts. Wait a moment, then try again.',
  SLOW_CONSUMER: 'The live view fell too far behind; it has switched back to refreshing.',
  NOT_SUPERVISED: 'This gateway does not run OpenCode itself, so it cannot restart it; restart OpenCode where it runs.',
  PASSWORD_REQUIRED: 'A tunnel exposes the console to the internet: first choose the admin password (the setup link printed at start, or Account → Password).',
  TUNNEL_UNAVAILABLE: null,
  AMBIGUOUS_THREAD: 'Several OpenCode servers hold a session with this id, so Otto cannot tell which one is meant.',
  INTERNAL: 'Something went wrong in the gateway.',
};

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(MESSAGES, code);
}

/** The first error's code, when it is one the schema names. */
export function errorCode(error: CombinedError): ErrorCode | undefined {
  const code = error.graphQLErrors[0]?.extensions.code;
  return isErrorCode(code) ? code : undefined;
}

/** For BAD_USER_INPUT: the input field it is about, as the gateway names it (`input.name`). */
export function badInputField(error: CombinedError): string | undefined {
  const first = error.graphQLErrors[0];
  const field = first?.extensions.field;
  return errorCode(error) === 'BAD_USER_INPUT' && typeof field === 'string' ? field : undefined;
}

/**
 * The send's outcome is unknown rather than failed: the same idempotency key, sent again, finds out
 * without sending twice. A request that got no answer at all is unknown the same way.
 */
export function isOutcomeUnknown(error: CombinedError): boolean {
  const code = errorCode(error);
  return isNetworkError(error) || code === 'DELIVERY_UNCONFIRMED' || code === 'IDEMPOTENCY_IN_PROGRESS';
}

/** One sentence an operator can act on. */
export function describeError(error: CombinedError): string {
  if (isNetworkError(error)) return "Can't reach the gateway.";
  const code = errorCode(error);
  const own = code ? MESSAGES[code] : null;
  return own ?? error.graphQLErrors[0]?.message ?? error.message;
}
