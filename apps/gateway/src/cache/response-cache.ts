import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AuditAction } from '../audit/actions.js';
import type { MirrorSignal } from '../threads/session-mirror.js';

/** OTTO_RESPONSE_CACHE, OTTO_RESPONSE_CACHE_ENTRIES, OTTO_RESPONSE_CACHE_BYTES. */
export interface ResponseCacheLimits {
  enabled: boolean;
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_RESPONSE_CACHE: ResponseCacheLimits = { enabled: true, maxEntries: 1_000, maxBytes: 16_777_216 };

/** What an answered query leaves for the next identical one: its bytes, their ETag, and its audit row's action. */
export interface CachedAnswer {
  readonly body: Uint8Array<ArrayBuffer>;
  /** Strong, from the bytes: two answers share one only when they are byte for byte the same. */
  readonly etag: string;
  readonly generation: number;
  readonly actions: readonly AuditAction[];
  readonly operationName: string | null;
}

/** Where the answers' changes come from: every event a mirror applies, and its live/down turns. */
export interface ChangeSource {
  readonly version: number;
  isLive(): boolean;
  listen(listener: (signal: MirrorSignal) => void): () => void;
}

export interface ResponseCacheMetrics {
  hit(): void;
  miss(): void;
  evicted(): void;
}

export interface ResponseCacheOptions {
  limits: ResponseCacheLimits;
  changes: ChangeSource;
  /**
   * How long the binding list the answers were built from is still trusted (ThreadService re-reads
   * it after PEER_STALENESS_MS, for another gateway's binds). An entry lives no longer than that list,
   * so a bind made through another gateway reaches a cached thread list exactly when it reached an
   * executed one before (and a direct store read — one thread, pins, operators — at most that much
   * later); changes this gateway makes or hears invalidate at once (the generation).
   */
  freshForMs: () => number;
  metrics?: ResponseCacheMetrics;
}

/** A rough count of what an entry holds besides its body: its key's characters, the object, the ETag. */
const ENTRY_OVERHEAD_BYTES = 256;
const encoder = new TextEncoder();

/**
 * Answers of queries, by operation, variables and caller, valid for one generation: a counter that
 * moves with every change the gateway learns of (a mirror's event, live or down; a mutation; a sign-in).
 * An answer computed across a change, or while a mirror was not live (its view then comes from
 * OpenCode, not from events), is never kept.
 */
export class ResponseCache {
  private changesSeen = 0;
  private readonly entries: LRUCache<string, CachedAnswer>;
  private readonly stopListening: () => void;

  constructor(private readonly options: ResponseCacheOptions) {
    const { limits, metrics } = options;
    this.entries = new LRUCache<string, CachedAnswer>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (answer, key) => answer.body.byteLength + key.length * 2 + ENTRY_OVERHEAD_BYTES,
      ttl: options.freshForMs() || 1,
      dispose: (_answer, _key, reason) => {
        if (reason === 'evict') metrics?.evicted();
      },
    });
    this.stopListening = options.changes.listen(() => this.changed());
  }

  get enabled(): boolean {
    return this.options.limits.enabled;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /** Moves with every change; an answer is good only for the generation it was computed in. */
  generation(): number {
    return this.changesSeen + this.options.changes.version;
  }

  /** Something the answers may show changed: every entry is out of date from now on. */
  changed(): void {
    this.changesSeen += 1;
  }

  /** Whether answers computed now can be kept at all. */
  canKeep(): boolean {
    return this.enabled && this.options.changes.isLive();
  }

  lookup(key: string): CachedAnswer | undefined {
    const answer = this.entries.get(key);
    if (!answer) return undefined;
    if (answer.generation !== this.generation()) {
      this.entries.delete(key);
      return undefined;
    }
    this.options.metrics?.hit();
    return answer;
  }

  missed(): void {
    this.options.metrics?.miss();
  }

  /** Keeps an answer computed from `generation`, unless something changed since or the bindings are about to be re-read. */
  keep(key: string, generation: number, json: string, audit: Pick<CachedAnswer, 'actions' | 'operationName'>): CachedAnswer {
    const body = encoder.encode(json);
    const answer: CachedAnswer = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, generation, ...audit };
    const ttl = this.options.freshForMs();
    if (generation === this.generation() && this.canKeep() && ttl >= 1) this.entries.set(key, answer, { ttl });
    return answer;
  }

  close(): void {
    this.stopListening();
    this.entries.clear();
  }
}
