import { OpencodeError } from '@otto/opencode';
import { IDEMPOTENCY_LEASE_MS, releaseIdempotencyLease, renewIdempotencyLease, type IdempotencyLease, type Store } from '@otto/store';

/** How often a held lease is renewed: three chances before it could run out. */
export const LEASE_RENEW_MS = IDEMPOTENCY_LEASE_MS / 3;

export interface HeldLeaseOptions {
  store: Store;
  lease: IdempotencyLease;
  /** When the claim's lease runs out unless renewed. */
  until: number;
  now: () => number;
  renewEveryMs: number;
}

/**
 * One send attempt's lease on its idempotency key, renewed for as long as the attempt runs — its awaited
 * reply included — so that no other gateway takes the key over meanwhile, and let go when it ends.
 */
export class HeldLease {
  private readonly lostController = new AbortController();
  private readonly options: HeldLeaseOptions;
  private until: number;
  private timer: NodeJS.Timeout | undefined;
  private released = false;

  constructor(options: HeldLeaseOptions) {
    this.options = options;
    this.until = options.until;
    this.schedule();
  }

  /**
   * Aborts once another attempt may hold the key, so this one stops before it sends. Its reason is an
   * OpenCode error the send reports as DELIVERY_UNCONFIRMED: a prompt already on its way may have arrived.
   */
  get lost(): AbortSignal {
    return this.lostController.signal;
  }

  async release(): Promise<void> {
    this.released = true;
    clearTimeout(this.timer);
    // Unreleased, the lease only blocks the key until it runs out.
    await releaseIdempotencyLease(this.options.store.db, this.options.lease).catch(() => undefined);
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.renew(), this.options.renewEveryMs);
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    const { store, lease, now } = this.options;
    const at = now();
    const held = await renewIdempotencyLease(store.db, { ...lease, now: at }).catch(() => undefined);
    if (this.released) return;
    if (held === true) this.until = at + IDEMPOTENCY_LEASE_MS;
    // A renewal the database did not answer leaves the lease as it was, good until it runs out.
    if (held === false || now() >= this.until) {
      this.lostController.abort(
        new OpencodeError('UPSTREAM_TIMEOUT', 'This send lost its claim on the idempotencyKey to another attempt', undefined, 'maybe'),
      );
      return;
    }
    this.schedule();
  }
}
