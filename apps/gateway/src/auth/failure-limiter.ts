import { getAuthFailures, recordAuthFailure, type Store } from '@otto/store';
import { LRUCache } from 'lru-cache';
import { PEER_STALENESS_MS } from '../peer-staleness.js';

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

/** Clients whose counts are held in memory at once; the least recently asked about go first. */
const CACHE_CLIENTS = 10_000;

interface FailureCount {
  failures: number;
  firstFailedAt: number;
}

const NO_FAILURES: FailureCount = { failures: 0, firstFailedAt: 0 };

export interface FailureLimiterOptions {
  store: Store;
  limits?: Partial<FailureLimits>;
}

/** What a failure asks of its answer. */
export interface FailureOutcome {
  /** How long to hold the answer back. */
  delayMs: number;
  /** Above 0: the client was past its limit already (through another gateway): refuse, and say when to retry. */
  retryAfterMs: number;
}

/**
 * Counts failed tokens per client address in a window, in the database, so every gateway on it counts
 * together. A success resets nothing: behind a shared address, someone else's success must not give an
 * attacker a fresh count.
 *
 * Every request with a token asks whether its client is refused, so the answer comes from memory, read
 * again at most once a second; a success touches nothing else. Each failure is written through and
 * answered from the count it made, so a count another gateway raised past the limit is refused at once.
 */
export class FailureLimiter {
  private readonly limits: FailureLimits;
  private readonly counts: LRUCache<string, FailureCount>;

  constructor(private readonly options: FailureLimiterOptions) {
    this.limits = { ...DEFAULT_FAILURE_LIMITS, ...options.limits };
    this.counts = new LRUCache<string, FailureCount>({
      max: CACHE_CLIENTS,
      ttl: PEER_STALENESS_MS,
      fetchMethod: async (address) => (await getAuthFailures(options.store.db, 'token', address)) ?? NO_FAILURES,
      // A failure recorded while a read is in flight replaces it; the read still answers those already
      // waiting on it, as of a moment before.
      ignoreFetchAbort: true,
    });
  }

  /** How long this client must wait before its token is checked again; 0 when it may try now. */
  async retryAfterMs(address: string, now = Date.now()): Promise<number> {
    return this.refusedForMs((await this.counts.fetch(address)) ?? NO_FAILURES, now);
  }

  /** Records a failure: hold the answer back, doubling from 250 ms past the free ones, or refuse it. */
  async fail(address: string, now = Date.now()): Promise<FailureOutcome> {
    const count = await recordAuthFailure(this.options.store.db, { scope: 'token', subject: address, now, windowMs: this.limits.windowMs });
    this.counts.set(address, count);
    if (count.failures > this.limits.maxFailures) return { delayMs: 0, retryAfterMs: this.refusedForMs(count, now) };
    const excess = count.failures - this.limits.freeFailures;
    return { delayMs: excess > 0 ? Math.min(250 * 2 ** (excess - 1), this.limits.maxDelayMs) : 0, retryAfterMs: 0 };
  }

  private refusedForMs(count: FailureCount, now: number): number {
    const windowEnd = count.firstFailedAt + this.limits.windowMs;
    return count.failures >= this.limits.maxFailures && now < windowEnd ? windowEnd - now : 0;
  }
}
