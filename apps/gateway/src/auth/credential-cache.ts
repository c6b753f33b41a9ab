import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Caller } from './caller.js';
import { PEER_STALENESS_MS } from '../peer-staleness.js';

/** Credentials held at once; the least recently used go first. */
const MAX_ENTRIES = 10_000;

/** A credential the database vouched for, and what can end it. */
export interface VerifiedCredential {
  caller: Caller;
  /** The API token it is, if it is one. */
  tokenId?: string;
  /** When it stops working by itself (a token's or session's expiry); null for never. */
  expiresAt: number | null;
}

export type CredentialKind = 'token' | 'session';

const keyOf = (kind: CredentialKind, secret: string) => `${kind}:${createHash('sha256').update(secret).digest('base64')}`;

/**
 * Who a bearer token or session cookie speaks for, remembered per credential for a moment, so a poll
 * costs one hash and no database read. Keyed by the secret's hash, never the secret itself.
 */
export class CredentialCache {
  private readonly entries = new LRUCache<string, VerifiedCredential>({ max: MAX_ENTRIES, ttl: PEER_STALENESS_MS });
  /** Counts the forgets: a read begun before one may hold what it forgot, and is not kept. */
  private generation = 0;

  /** The caller `secret` speaks for: remembered, or as `read` finds it (null: it speaks for no one). */
  async callerFor(kind: CredentialKind, secret: string, now: number, read: () => Promise<VerifiedCredential | null>): Promise<Caller | null> {
    const key = keyOf(kind, secret);
    const known = this.entries.get(key);
    if (known && (known.expiresAt === null || known.expiresAt > now)) return known.caller;
    const generation = this.generation;
    const verified = await read();
    // Shared by every request that presents the credential for a while: none may change it for the others.
    if (verified) Object.freeze(verified.caller);
    if (verified && generation === this.generation) this.entries.set(key, verified);
    else if (!verified) this.entries.delete(key);
    return verified?.caller ?? null;
  }

  /** Forgets every credential that matches: the next request with one asks the database. */
  forget(matches: (credential: VerifiedCredential) => boolean): void {
    this.generation += 1;
    const gone = [...this.entries.entries()].filter(([, credential]) => matches(credential)).map(([key]) => key);
    for (const key of gone) this.entries.delete(key);
  }

  /** Forgets one credential by its secret. */
  forgetSecret(kind: CredentialKind, secret: string): void {
    this.generation += 1;
    this.entries.delete(keyOf(kind, secret));
  }
}
