export interface LockoutLimits {
  /** Wrong passwords from one client for one account before that client is locked out of it. */
  freeFailures: number;
  /** The first lockout; each further failure doubles it. */
  firstLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutLimits = { freeFailures: 5, firstLockMs: 30_000, maxLockMs: 900_000 };

/**
 * Wrong passwords per (account, client): after a few, that client's attempts on that account — even
 * with the right password — wait out a lock that doubles up to 15 minutes. Another client, or the same
 * client on another account, is never held back by it.
 */
export class PasswordLockout {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(private readonly limits: LockoutLimits = DEFAULT_LOCKOUT) {}

  private key(account: string, client: string): string {
    return `${account.toLowerCase()}\u0000${client}`;
  }

  retryAfterMs(account: string, client: string, now = Date.now()): number {
    const entry = this.entries.get(this.key(account, client));
    return entry ? Math.max(0, entry.lockedUntil - now) : 0;
  }

  fail(account: string, client: string, now = Date.now()): void {
    const key = this.key(account, client);
    const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    entry.failures += 1;
    const excess = entry.failures - this.limits.freeFailures;
    if (excess >= 0) entry.lockedUntil = now + Math.min(this.limits.firstLockMs * 2 ** excess, this.limits.maxLockMs);
    this.entries.set(key, entry);
  }

  succeed(account: string, client: string): void {
    this.entries.delete(this.key(account, client));
  }
}
