export interface FailureLimits {
  /** Failed attempts from one client before each further failure is answered more slowly. */
  freeFailures: number;
  /** Failed attempts after which the client's token checks are refused (RATE_LIMITED) until the window ends. */
  maxFailures: number;
  /** How long failures are remembered, from the first one. */
  windowMs: number;
  /** The longest a failure is held back. */
  maxDelayMs: number;
}

export const DEFAULT_FAILURE_LIMITS: FailureLimits = { freeFailures: 5, maxFailures: 20, windowMs: 900_000, maxDelayMs: 5_000 };

/**
 * Counts failed credentials per client address in a window; pure bookkeeping so it can be tested
 * alone. A success resets nothing: behind a shared address, someone else's success must not give an
 * attacker a fresh count.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly limits: FailureLimits = DEFAULT_FAILURE_LIMITS) {}

  private entry(address: string, now: number) {
    const entry = this.failures.get(address);
    if (entry && now - entry.since > this.limits.windowMs) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }

  /** How long this client must wait before its token is checked again; 0 when it may try now. */
  retryAfterMs(address: string, now = Date.now()): number {
    const entry = this.entry(address, now);
    return entry && entry.count >= this.limits.maxFailures ? entry.since + this.limits.windowMs - now : 0;
  }

  /** Records a failure and returns how long to hold the answer back: doubling from 250 ms. */
  fail(address: string, now = Date.now()): number {
    const entry = this.entry(address, now) ?? { count: 0, since: now };
    entry.count += 1;
    this.failures.set(address, entry);
    const excess = entry.count - this.limits.freeFailures;
    return excess > 0 ? Math.min(250 * 2 ** (excess - 1), this.limits.maxDelayMs) : 0;
  }
}
