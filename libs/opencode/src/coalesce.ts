/**
 * Shares one in-flight promise between identical concurrent calls, so a burst of pollers costs
 * OpenCode one request instead of one each. Settled results are not cached.
 */
export function createCoalescer() {
  const inflight = new Map<string, Promise<unknown>>();
  return function coalesce<T>(key: string, run: () => Promise<T>): Promise<T> {
    const existing = inflight.get(key);
    if (existing) return existing as Promise<T>;
    const promise = run().finally(() => inflight.delete(key));
    inflight.set(key, promise);
    return promise;
  };
}
