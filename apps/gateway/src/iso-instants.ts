/**
 * Instants seen lately, as ISO strings. A poll serializes the same few thousand instants (each
 * thread's times) on every request; formatting one costs far more than finding it here.
 */
export class IsoInstants {
  private readonly known = new Map<number, string>();

  constructor(private readonly max = 10_000) {}

  /** The ISO-8601 string (UTC) of an epoch-ms instant, as `new Date(ms).toISOString()` gives it. */
  of(ms: number): string {
    let iso = this.known.get(ms);
    if (iso === undefined) {
      iso = new Date(ms).toISOString();
      // Emptied when full rather than kept in use order: cheaper on every hit, and refilled by the next poll.
      if (this.known.size >= this.max) this.known.clear();
      this.known.set(ms, iso);
    }
    return iso;
  }

  get size(): number {
    return this.known.size;
  }
}
