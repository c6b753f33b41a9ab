/** Counts failures per client address in a window; pure bookkeeping so it can be tested alone. */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly freeFailures: number,
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  private entry(address: string, now: number) {
    const entry = this.failures.get(address);
    if (entry && now - entry.since > this.windowMs) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }

  blocked(address: string, now = Date.now()): boolean {
    return (this.entry(address, now)?.count ?? 0) >= this.maxFailures;
  }

  /** Records a failure and returns how long to hold the answer back. */
  fail(address: string, now = Date.now()): number {
    const entry = this.entry(address, now) ?? { count: 0, since: now };
    entry.count += 1;
    this.failures.set(address, entry);
    const excess = entry.count - this.freeFailures;
    return excess > 0 ? Math.min(250 * 2 ** (excess - 1), 5_000) : 0;
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }
}
