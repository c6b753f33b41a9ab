import type { OpencodePort } from '@otto/opencode';

/** A probe's timeout while OpenCode is expected to be slow (see `expectSlow`). */
const SLOW_PROBE_TIMEOUT_MS = 15_000;

export type UpstreamStatus = 'UP' | 'DEGRADED' | 'DOWN';

export interface HealthSnapshot {
  status: UpstreamStatus;
  latencyMs: number | null;
  version: string | null;
  lastError: string | null;
  lastSuccessAt: number | null;
  lastCheckAt: number | null;
}

/** One probe: how long OpenCode took to answer, or null when it did not. */
export interface LatencySample {
  at: number;
  latencyMs: number | null;
}

/** The probes kept for the System page's chart: the last hour, and never more than an hour's worth at the default interval. */
export const LATENCY_HISTORY = { spanMs: 3_600_000, maxSamples: 720 } as const;

export interface HealthOptions {
  intervalMs: number;
  /** A healthy answer slower than this counts as DEGRADED. Default 1 s. */
  slowMs?: number;
  /**
   * A probe unanswered this long counts as down. Default 3 s: OpenCode answers its health in
   * milliseconds, and a request it took just as it started may never be answered at all.
   */
  probeTimeoutMs?: number;
  /** Whether the session mirror is trustworthy; OpenCode answering without it is DEGRADED. */
  mirrorLive: () => boolean;
  /** Called when OpenCode answers again after failing. */
  onRecovered?: () => void;
  /** Called after every healthy probe. */
  onHealthy?: () => void;
  /** Called when a probe finds OpenCode gone (it answered before, or never did). */
  onDown?: (reason: string) => void;
}

/** Probes OpenCode on a timer, each probe with its own short timeout, and keeps the last verdict. */
export class HealthMonitor {
  private snapshot: HealthSnapshot = {
    status: 'DOWN',
    latencyMs: null,
    version: null,
    lastError: 'not checked yet',
    lastSuccessAt: null,
    lastCheckAt: null,
  };
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | null = null;
  private healthy = false;
  private slowUntil = 0;
  private readonly history: LatencySample[] = [];

  constructor(
    private readonly adapter: OpencodePort,
    private readonly options: HealthOptions,
  ) {}

  start(): void {
    void this.probe();
    this.timer = setInterval(() => void this.probe(), this.options.intervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  current(): HealthSnapshot {
    const { status } = this.snapshot;
    // The mirror can drop between probes; report that at once rather than at the next probe.
    if (status === 'UP' && !this.options.mirrorLive()) return { ...this.snapshot, status: 'DEGRADED' };
    return this.snapshot;
  }

  /** The probes of the last hour, oldest first (at most `LATENCY_HISTORY.maxSamples`, the newest). */
  latencyHistory(): readonly LatencySample[] {
    const horizon = Date.now() - LATENCY_HISTORY.spanMs;
    while (this.history.length > 0 && (this.history[0] as LatencySample).at < horizon) this.history.shift();
    return this.history;
  }

  /**
   * OpenCode reloaded and loads everything again: for a while a probe may wait as long as a first
   * reply does before it counts as down. A refused connection still counts at once.
   */
  expectSlow(forMs: number): void {
    this.slowUntil = Date.now() + forMs;
  }

  probe(): Promise<void> {
    this.probing ??= this.runProbe().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  private async runProbe(): Promise<void> {
    const now = Date.now();
    try {
      const timeoutMs = now < this.slowUntil ? SLOW_PROBE_TIMEOUT_MS : (this.options.probeTimeoutMs ?? 3_000);
      const report = await this.adapter.health({ signal: AbortSignal.timeout(timeoutMs) });
      if (!report.healthy) throw new Error('OpenCode reports itself unhealthy');
      const wasHealthy = this.healthy;
      this.healthy = true;
      const slow = report.latencyMs > (this.options.slowMs ?? 1_000);
      this.snapshot = {
        status: slow ? 'DEGRADED' : 'UP',
        latencyMs: Math.round(report.latencyMs * 10) / 10,
        version: report.version,
        // A failure after OpenCode had answered stays on show; before its first answer, refusals are
        // OpenCode still starting (supervised, it starts with the gateway), not something to look into.
        lastError: slow ? `health answered in ${Math.round(report.latencyMs)} ms` : this.snapshot.lastSuccessAt === null ? null : this.snapshot.lastError,
        lastSuccessAt: now,
        lastCheckAt: now,
      };
      this.remember(now, this.snapshot.latencyMs);
      if (!wasHealthy) this.options.onRecovered?.();
      this.options.onHealthy?.();
    } catch (error) {
      this.healthy = false;
      const reason = error instanceof Error ? error.message : 'health probe failed';
      this.snapshot = { ...this.snapshot, status: 'DOWN', latencyMs: null, lastError: reason, lastCheckAt: now };
      this.remember(now, null);
      this.options.onDown?.(reason);
    }
  }

  private remember(at: number, latencyMs: number | null): void {
    this.history.push({ at, latencyMs });
    if (this.history.length > LATENCY_HISTORY.maxSamples) this.history.shift();
  }
}
