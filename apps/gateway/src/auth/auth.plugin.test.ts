import { describe, expect, it } from 'vitest';
import { tokenMatches } from './secret-compare.js';
import { FailureLimiter } from './failure-limiter.js';

describe('tokenMatches', () => {
  it('accepts only the exact token, whatever the lengths', () => {
    expect(tokenMatches('a-long-operator-token', 'a-long-operator-token')).toBe(true);
    expect(tokenMatches('a-long-operator-token', 'a-long-operator-tokeN')).toBe(false);
    expect(tokenMatches('a-long-operator-token', 'short')).toBe(false);
    expect(tokenMatches('a-long-operator-token', '')).toBe(false);
  });
});

describe('FailureLimiter', () => {
  const limits = { freeFailures: 2, maxFailures: 5, windowMs: 60_000, maxDelayMs: 400 };

  it('lets a few failures pass, then holds each one back longer, up to a ceiling, then refuses', () => {
    const limiter = new FailureLimiter(limits);
    const delays = [1, 2, 3, 4, 5].map(() => limiter.fail('10.0.0.1', 1_000));
    expect(delays).toEqual([0, 0, 250, 400, 400]);
    expect(limiter.retryAfterMs('10.0.0.1', 1_000)).toBe(60_000);
    expect(limiter.retryAfterMs('10.0.0.1', 31_000)).toBe(30_000);
  });

  it('counts per client: one client\'s failures never refuse another', () => {
    const limiter = new FailureLimiter(limits);
    for (let i = 0; i < 5; i += 1) limiter.fail('10.0.0.1', 0);
    expect(limiter.retryAfterMs('10.0.0.1', 0)).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('10.0.0.2', 0)).toBe(0);
    expect(limiter.fail('10.0.0.2', 0)).toBe(0);
  });

  it('forgets failures once the window has passed', () => {
    const limiter = new FailureLimiter(limits);
    for (let i = 0; i < 5; i += 1) limiter.fail('a', 0);
    expect(limiter.retryAfterMs('a', 60_001)).toBe(0);
    expect(limiter.fail('a', 60_001)).toBe(0);
  });
});
