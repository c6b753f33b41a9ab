import { deleteAuditEventsBefore, deleteAuthFailuresBefore, deleteExpiredConsoleSessions, deleteIdempotencyKeysBefore, type Store } from '@otto/store';

/** How long an idempotency key is honoured: a retry later than this may send again. */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3_600_000;

const DAY_MS = 24 * 3_600_000;

/**
 * Sign-in failure counts are kept this long after their last failure. Their windows and locks last
 * minutes; a client that failed nothing for a day starts afresh, even on an account it once got wrong.
 */
export const AUTH_FAILURE_RETENTION_MS = DAY_MS;

export interface HousekeepingOptions {
  store: Store;
  /** Audit rows older than this are deleted. */
  auditRetentionDays: number;
  onError: (error: unknown) => void;
  intervalMs?: number;
}

/**
 * Deletes expired console sessions, and idempotency keys, audit rows and sign-in failure counts past
 * their retention. Hourly rather than daily: each sweep then deletes an hour's worth of rows, never a
 * day's in one go.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: HousekeepingOptions) {}

  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  async sweep(now = Date.now()): Promise<{ sessions: number; keys: number; auditRows: number; authFailures: number }> {
    const { db } = this.options.store;
    try {
      const sessions = await deleteExpiredConsoleSessions(db, now);
      const keys = await deleteIdempotencyKeysBefore(db, now - IDEMPOTENCY_RETENTION_MS);
      const auditRows = await deleteAuditEventsBefore(db, now - this.options.auditRetentionDays * DAY_MS);
      const authFailures = await deleteAuthFailuresBefore(db, now - AUTH_FAILURE_RETENTION_MS);
      return { sessions, keys, auditRows, authFailures };
    } catch (error) {
      this.options.onError(error);
      return { sessions: 0, keys: 0, auditRows: 0, authFailures: 0 };
    }
  }
}
