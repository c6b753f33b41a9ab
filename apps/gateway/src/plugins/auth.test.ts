import { describe, expect, it } from 'vitest';
import { tokenMatches } from './auth.js';
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
  it('lets a few failures pass, then slows each one down more, then blocks', () => {
    const limiter = new FailureLimiter(2, 5, 60_000);
    const delays = [1, 2, 3, 4].map(() => limiter.fail('10.0.0.1', 1_000));
    expect(delays).toEqual([0, 0, 250, 500]);
    expect(limiter.blocked('10.0.0.1', 1_000)).toBe(false);
    limiter.fail('10.0.0.1', 1_000);
    expect(limiter.blocked('10.0.0.1', 1_000)).toBe(true);
    expect(limiter.blocked('10.0.0.2', 1_000)).toBe(false);
  });

  it('forgets failures after the window and on success', () => {
    const limiter = new FailureLimiter(0, 2, 60_000);
    limiter.fail('a', 0);
    limiter.fail('a', 0);
    expect(limiter.blocked('a', 1)).toBe(true);
    expect(limiter.blocked('a', 60_001)).toBe(false);
    limiter.fail('b', 0);
    limiter.succeed('b');
    expect(limiter.fail('b', 0)).toBe(250);
  });
});
