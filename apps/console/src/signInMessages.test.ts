import { describe, expect, it } from 'vitest';
import { signInFailure, tooManyAttempts, type SignInAnswer, type SignInMethod } from './signInMessages';

const refused = (status: number, code?: string, retryAfter: string | null = null): SignInAnswer => ({ status, code, retryAfter });

describe('signInFailure', () => {
  it('has a sentence for each answer the gateway gives, by what was tried', () => {
    const cases: [SignInMethod, SignInAnswer, RegExp][] = [
      ['password', refused(401, 'UNAUTHENTICATED'), /^Wrong name or password\.$/],
      ['token', refused(401, 'UNAUTHENTICATED'), /^Wrong token: .*expired or revoked\.$/],
      ['setup', refused(401, 'UNAUTHENTICATED'), /first-start link has been used already, or is more than a day old\. .*restart the gateway for a new link\.$/],
      ['password', refused(400, 'BAD_USER_INPUT'), /too short: use at least 12 characters\.$/],
      ['setup', refused(400, 'BAD_USER_INPUT'), /too short: use at least 12 characters\.$/],
      ['token', refused(403, 'FORBIDDEN'), /lower role than its owner.*name and password instead\.$/],
      ['password', refused(429, 'RATE_LIMITED', '30'), /^Too many wrong passwords for this name .* Try again in 30 seconds\.$/],
      ['token', refused(429, 'RATE_LIMITED', '120'), /^Too many wrong tokens .* Try again in 2 minutes\.$/],
      ['password', refused(502), /^Sign-in failed \(HTTP 502\)\.$/],
    ];
    for (const [method, answer, expected] of cases) expect(signInFailure(method, answer), `${method} ${answer.status}`).toMatch(expected);
  });

  it('goes by the status when a proxy sent a body without a code', () => {
    expect(signInFailure('password', refused(401))).toBe('Wrong name or password.');
    expect(signInFailure('password', refused(429, undefined, null))).toMatch(/Wait a few minutes, then try again\.$/);
  });
});

describe('tooManyAttempts', () => {
  it('puts the wait in minutes, rounded up, or in seconds under a minute', () => {
    const lead = "Too many wrong tokens from this browser's address.";
    expect(tooManyAttempts('tokens', '900')).toBe(`${lead} Try again in 15 minutes.`);
    expect(tooManyAttempts('tokens', '61')).toBe(`${lead} Try again in 2 minutes.`);
    expect(tooManyAttempts('tokens', '60')).toBe(`${lead} Try again in 1 minute.`);
    expect(tooManyAttempts('tokens', '45')).toBe(`${lead} Try again in 45 seconds.`);
    expect(tooManyAttempts('tokens', '1')).toBe(`${lead} Try again in 1 second.`);
  });

  it('reads an HTTP date, and says something useful without a header', () => {
    const now = Date.parse('2026-11-23T09:00:00Z');
    expect(tooManyAttempts('passwords', 'Mon, 23 Nov 2026 09:05:00 GMT', now)).toMatch(/Try again in 5 minutes\.$/);
    expect(tooManyAttempts('passwords', null)).toMatch(/Wait a few minutes, then try again\.$/);
    expect(tooManyAttempts('passwords', 'soon')).toMatch(/Wait a few minutes, then try again\.$/);
  });
});
