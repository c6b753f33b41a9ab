import { createHash } from 'node:crypto';
import { clearAuthFailures, getAuthFailures, recordAuthFailure, type AuthFailures, type Store } from '@otto/store';

export interface LockoutLimits {
  /** Wrong passwords from one client for one account before that client is locked out of it. */
  freeFailures: number;
  /** The first lockout; each further failure doubles it. */
  firstLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutLimits = { freeFailures: 5, firstLockMs: 30_000, maxLockMs: 900_000 };

export interface PasswordLockoutOptions {
  store: Store;
  limits?: Partial<LockoutLimits>;
}

/**
 * Wrong passwords per (account, client): after a few, that client's attempts on that account — even
 * with the right password — wait out a lock that doubles up to 15 minutes. Another client, or the same
 * client on another account, is never held back by it. Counted in the database, so every gateway on it
 * counts together; read afresh at each sign-in (no cache: sign-ins are few, and a lock must hold on the
 * very next attempt, whichever gateway takes it).
 */
export class PasswordLockout {
  private readonly limits: LockoutLimits;

  constructor(private readonly options: PasswordLockoutOptions) {
    this.limits = { ...DEFAULT_LOCKOUT, ...options.limits };
  }

  async retryAfterMs(account: string, client: string, now = Date.now()): Promise<number> {
    const count = await getAuthFailures(this.options.store.db, 'password', subjectOf(account, client));
    return count ? Math.max(0, this.lockedUntil(count) - now) : 0;
  }

  async fail(account: string, client: string, now = Date.now()): Promise<void> {
    await recordAuthFailure(this.options.store.db, { scope: 'password', subject: subjectOf(account, client), now });
  }

  async succeed(account: string, client: string): Promise<void> {
    await clearAuthFailures(this.options.store.db, 'password', subjectOf(account, client));
  }

  private lockedUntil({ failures, lastFailedAt }: AuthFailures): number {
    const excess = failures - this.limits.freeFailures;
    return excess >= 0 ? lastFailedAt + Math.min(this.limits.firstLockMs * 2 ** excess, this.limits.maxLockMs) : 0;
  }
}

// Hashed: a name typed at the sign-in form may be as long, and hold whatever characters, as the body allows.
function subjectOf(account: string, client: string): string {
  return createHash('sha256').update(JSON.stringify([account.toLowerCase(), client])).digest('base64url');
}
