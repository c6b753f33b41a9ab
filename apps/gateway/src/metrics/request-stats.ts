import type { Histogram } from 'prom-client';

export interface RequestFigures {
  /** GraphQL requests answered per second over the window. */
  ratePerSecond: number;
  /** Their 95th-percentile duration; null when none was answered in the window. */
  p95Ms: number | null;
  /** How far back the figures reach: the window, or less just after start. */
  windowSeconds: number;
}

export interface RequestStatsOptions {
  /** Default 60 s. */
  windowMs?: number;
  /** How often the histogram is copied. Default 5 s. */
  sampleEveryMs?: number;
  clock?: () => number;
}

/** The histogram as it stood at one moment: its total and cumulative count per bucket, over every label. */
interface Snapshot {
  at: number;
  count: number;
  /** Cumulative counts, one per bound of `bounds`. */
  buckets: number[];
}

/**
 * The System page's request rate and p95, from the same histogram /metrics exports: the histogram's
 * counts only ever grow, so a copy taken every few seconds and kept for a minute gives, subtracted
 * from the counts now, what happened in the last minute — as Prometheus' `rate()` and
 * `histogram_quantile()` would compute it (linear interpolation inside the bucket the 95th
 * percentile falls in).
 */
export class RequestStats {
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly snapshots: Snapshot[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly bounds: number[] = [];

  constructor(
    private readonly histogram: Histogram<string>,
    private readonly options: RequestStatsOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.clock ?? Date.now;
  }

  start(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.options.sampleEveryMs ?? 5_000);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Keeps a copy of the histogram now, and forgets the copies the window no longer needs. */
  async sample(): Promise<void> {
    const snapshot = await this.snapshot();
    const horizon = snapshot.at - this.windowMs;
    // The newest copy at or before the horizon stays: it is where the window begins.
    while (this.snapshots.length > 1 && (this.snapshots[1] as Snapshot).at <= horizon) this.snapshots.shift();
    this.snapshots.push(snapshot);
  }

  async current(): Promise<RequestFigures> {
    const now = await this.snapshot();
    const horizon = now.at - this.windowMs;
    const base = this.snapshots.find((snapshot) => snapshot.at >= horizon) ?? this.snapshots.at(-1);
    if (!base) return { ratePerSecond: 0, p95Ms: null, windowSeconds: 0 };
    const seconds = (now.at - base.at) / 1000;
    const count = now.count - base.count;
    return {
      ratePerSecond: seconds > 0 ? count / seconds : 0,
      p95Ms: quantileMs(0.95, this.bounds, now.buckets.map((value, index) => value - (base.buckets[index] ?? 0))),
      windowSeconds: seconds,
    };
  }

  private async snapshot(): Promise<Snapshot> {
    const { values } = await this.histogram.get();
    const snapshot: Snapshot = { at: this.now(), count: 0, buckets: [] };
    for (const { metricName, labels, value } of values) {
      if (metricName?.endsWith('_count')) snapshot.count += value;
      if (!metricName?.endsWith('_bucket')) continue;
      const bound = labels.le === '+Inf' ? Infinity : Number(labels.le);
      let index = this.bounds.indexOf(bound);
      if (index === -1) index = this.bounds.push(bound) - 1;
      snapshot.buckets[index] = (snapshot.buckets[index] ?? 0) + value;
    }
    return snapshot;
  }
}

/**
 * The q-quantile, in ms, of what fell in cumulative buckets with these upper bounds (seconds,
 * ascending, the last +Inf); null when nothing did. Beyond the last finite bound, that bound.
 */
export function quantileMs(q: number, bounds: readonly number[], cumulative: readonly number[]): number | null {
  const total = cumulative.at(-1) ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  for (let index = 0; index < bounds.length; index += 1) {
    const count = cumulative[index] ?? 0;
    if (count < rank) continue;
    const upper = bounds[index] as number;
    if (upper === Infinity) return (bounds[index - 1] ?? 0) * 1000;
    const lower = index === 0 ? 0 : (bounds[index - 1] as number);
    const below = index === 0 ? 0 : (cumulative[index - 1] ?? 0);
    return (lower + ((upper - lower) * (rank - below)) / (count - below)) * 1000;
  }
  return null;
}
