import type { ErrorCode } from './gql/graphql';
import { MIN_PASSWORD_LENGTH } from './passwords';

/** How the browser proves who it is at POST /auth/session. */
export type SignInMethod = 'password' | 'token' | 'setup';

/** What the gateway answered, as far as the message needs it. */
export interface SignInAnswer {
  status: number;
  /** extensions.code of the first error in the body, when there was one. */
  code?: string;
  retryAfter: string | null;
}

const is = (answer: SignInAnswer, code: ErrorCode, status: number) => answer.code === code || answer.status === status;

/** One sentence for a refused sign-in, by what was tried and what the gateway said. */
export function signInFailure(method: SignInMethod, answer: SignInAnswer, now = Date.now()): string {
  if (is(answer, 'RATE_LIMITED', 429)) {
    return tooManyAttempts(method === 'password' ? 'passwords' : 'tokens', answer.retryAfter, now);
  }
  if (method !== 'token' && is(answer, 'BAD_USER_INPUT', 400)) {
    return `That password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (is(answer, 'UNAUTHENTICATED', 401)) {
    if (method === 'password') return 'Wrong name or password.';
    if (method === 'token') return 'Wrong token: the gateway did not accept it. It may be mistyped, expired or revoked.';
    return 'This first-start link has been used already, or is more than a day old. Sign in with your name and password, or restart the gateway for a new link.';
  }
  if (method === 'token' && is(answer, 'FORBIDDEN', 403)) {
    return 'This token has a lower role than its owner, so it cannot open a console session. Sign in with your name and password instead.';
  }
  return `Sign-in failed (HTTP ${answer.status}).`;
}

const LEADS = {
  tokens: "Too many wrong tokens from this browser's address.",
  passwords: "Too many wrong passwords for this name from this browser's address.",
} as const;

/**
 * The gateway counts wrong tokens per client address and wrong passwords per name and address, and
 * says in Retry-After (seconds, or an HTTP date) when it listens again; the operator gets the wait in words.
 */
export function tooManyAttempts(what: keyof typeof LEADS, retryAfter: string | null, now = Date.now()): string {
  const lead = LEADS[what];
  const seconds = secondsOf(retryAfter, now);
  if (seconds === undefined) return `${lead} Wait a few minutes, then try again.`;
  if (seconds < 60) return `${lead} Try again in ${plural(seconds, 'second')}.`;
  return `${lead} Try again in ${plural(Math.ceil(seconds / 60), 'minute')}.`;
}

function secondsOf(retryAfter: string | null, now: number): number | undefined {
  const value = retryAfter?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Math.max(1, Number(value));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - now) / 1000));
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
