import { deleteExpiredConsoleSessions, deleteIdempotencyKeysBefore, type Store } from '@otto/store';

/** How long an idempotency key is honoured: a retry later than this may send again. */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3_600_000;

/** Deletes expired console sessions and idempotency keys past their retention, hourly. */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 3_600_000,
  ) {}

  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  async sweep(now = Date.now()): Promise<{ sessions: number; keys: number }> {
    try {
      const sessions = await deleteExpiredConsoleSessions(this.store.db, now);
      const keys = await deleteIdempotencyKeysBefore(this.store.db, now - IDEMPOTENCY_RETENTION_MS);
      return { sessions, keys };
    } catch (error) {
      this.onError(error);
      return { sessions: 0, keys: 0 };
    }
  }
}
