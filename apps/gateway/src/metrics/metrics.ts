import type { UpstreamEndpoint, UpstreamObserver, UpstreamOutcome } from '@otto/opencode';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SEND_OUTCOMES, type SendOutcome } from '../messages/send.service.js';

export const OPERATION_TYPES = ['query', 'mutation', 'subscription', 'unknown'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];


/** Bounds in seconds, from a cached thread-list poll (~1 ms) to a slow OpenCode call. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Default metrics whose names promtool's lint rejects (a gauge may not end in `_total`). */
const UNLINTABLE_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** What the gauges read at scrape time, once the gateway's services exist. */
export interface GaugeSources {
  opencodeUp: () => boolean;
  mirrorSessions: () => number;
  subscriptionsActive: () => number;
  responseCacheEntries: () => number;
  responseCacheBytes: () => number;
}

interface CounterChild {
  inc(value?: number): void;
}
interface HistogramChild {
  observe(value: number): void;
}

/** One child per value, bound to its labels once: the hot path then builds no label object. */
function childrenOf<K extends string, C>(keys: readonly K[], child: (key: K) => C): Record<K, C> {
  return Object.fromEntries(keys.map((key) => [key, child(key)])) as Record<K, C>;
}

/**
 * Every metric the gateway exports, declared once, in a registry of its own (so several gateways in
 * one process — tests — never share a series), with prom-client's process and Node.js metrics.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private sources: GaugeSources | undefined;

  private readonly graphqlRequests = new Counter({
    name: 'otto_graphql_requests_total',
    help: 'GraphQL requests answered, by operation type and outcome (error: the answer carried an error or was a refusal).',
    labelNames: ['operation_type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly requestChildren = childrenOf(OPERATION_TYPES, (type) => ({
    ok: this.graphqlRequests.labels(type, 'ok') as CounterChild,
    error: this.graphqlRequests.labels(type, 'error') as CounterChild,
  }));

  /** Read by the System page's request rate and p95 as well. */
  readonly graphqlDuration = new Histogram({
    name: 'otto_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request arriving to its answer; subscriptions are left out (their streams stay open).',
    labelNames: ['operation_type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly durationChildren = childrenOf(OPERATION_TYPES, (type): HistogramChild => this.graphqlDuration.labels(type));

  private readonly opencodeRestarts = new Counter({
    name: 'otto_opencode_restarts_total',
    help: 'Exits of the supervised opencode serve (each is followed by a restart).',
    registers: [this.registry],
  });

  private readonly opencodeRequestDuration = new Histogram({
    name: 'otto_opencode_request_duration_seconds',
    help: 'HTTP calls to OpenCode, by route template, method and outcome (the event stream is left out).',
    labelNames: ['route', 'method', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly upstreamChildren = new Map<UpstreamEndpoint, Record<UpstreamOutcome, HistogramChild>>();

  private readonly auditRowsWritten = new Counter({
    name: 'otto_audit_rows_written_total',
    help: 'Audit rows committed to the store.',
    registers: [this.registry],
  });

  private readonly auditWriteFailures = new Counter({
    name: 'otto_audit_write_failures_total',
    help: 'Audit rows the store refused or could not write.',
    registers: [this.registry],
  });

  private readonly sends = new Counter({
    name: 'otto_sends_total',
    help: 'sendMessage calls by outcome: delivered, replayed (already there, nothing sent again), unconfirmed (OpenCode may or may not have it), failed (not delivered).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly sendChildren = childrenOf(SEND_OUTCOMES, (outcome): CounterChild => this.sends.labels(outcome));

  private readonly responseCacheHits = new Counter({
    name: 'otto_response_cache_hits_total',
    help: 'Queries answered from the response cache, without executing them.',
    registers: [this.registry],
  });

  private readonly responseCacheMisses = new Counter({
    name: 'otto_response_cache_misses_total',
    help: 'Cacheable queries that found no answer of the current generation and were executed.',
    registers: [this.registry],
  });

  private readonly responseCacheEvictions = new Counter({
    name: 'otto_response_cache_evictions_total',
    help: 'Answers dropped from the response cache to stay within OTTO_RESPONSE_CACHE_ENTRIES or _BYTES.',
    registers: [this.registry],
  });

  constructor() {
    const sources = () => this.sources;
    new Gauge({
      name: 'otto_opencode_up',
      help: 'Whether OpenCode answers its health probe (UP or DEGRADED: 1, DOWN: 0).',
      registers: [this.registry],
      collect() {
        this.set(sources()?.opencodeUp() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'otto_mirror_sessions',
      help: "Sessions in the gateway's mirror of OpenCode.",
      registers: [this.registry],
      collect() {
        this.set(sources()?.mirrorSessions() ?? 0);
      },
    });
    new Gauge({
      name: 'otto_subscriptions_active',
      help: 'GraphQL subscription streams open now.',
      registers: [this.registry],
      collect() {
        this.set(sources()?.subscriptionsActive() ?? 0);
      },
    });
    new Gauge({
      name: 'otto_response_cache_entries',
      help: 'Answers held in the response cache, current or not yet dropped.',
      registers: [this.registry],
      collect() {
        this.set(sources()?.responseCacheEntries() ?? 0);
      },
    });
    new Gauge({
      name: 'otto_response_cache_bytes',
      help: 'Bytes the response cache counts against OTTO_RESPONSE_CACHE_BYTES (answers, keys and overhead).',
      registers: [this.registry],
      collect() {
        this.set(sources()?.responseCacheBytes() ?? 0);
      },
    });
    // Every known series exists from the start, at zero, so rate() and absent() work on a new gateway.
    for (const type of OPERATION_TYPES) {
      this.requestChildren[type].ok.inc(0);
      this.requestChildren[type].error.inc(0);
      if (type !== 'subscription') this.graphqlDuration.zero({ operation_type: type });
    }
    for (const outcome of SEND_OUTCOMES) this.sendChildren[outcome].inc(0);
    collectDefaultMetrics({ register: this.registry });
    for (const name of UNLINTABLE_DEFAULTS) this.registry.removeSingleMetric(name);
  }

  /** Binds the gauges to the services they read; called once the gateway has built them. */
  watch(sources: GaugeSources): void {
    this.sources = sources;
  }

  /** A GraphQL request answered; `seconds` is null for a subscription, whose stream has only begun. */
  graphqlRequest(type: OperationType, failed: boolean, seconds: number | null): void {
    this.requestChildren[type][failed ? 'error' : 'ok'].inc();
    if (seconds !== null) this.durationChildren[type].observe(seconds);
  }

  readonly sendOutcome = (outcome: SendOutcome): void => this.sendChildren[outcome].inc();

  /** The SDK adapter's observer: one HTTP call to OpenCode, by its route template (never an id). */
  readonly upstreamCall: UpstreamObserver = (endpoint, durationMs, outcome) => {
    let children = this.upstreamChildren.get(endpoint);
    if (!children) {
      const { route, method } = endpoint;
      children = {
        ok: this.opencodeRequestDuration.labels(route, method, 'ok'),
        error: this.opencodeRequestDuration.labels(route, method, 'error'),
      };
      this.upstreamChildren.set(endpoint, children);
    }
    children[outcome].observe(durationMs / 1000);
  };

  readonly opencodeExited = (): void => this.opencodeRestarts.inc();
  readonly auditRowWritten = (): void => this.auditRowsWritten.inc();
  readonly auditWriteFailed = (): void => this.auditWriteFailures.inc();
  readonly responseCache = {
    hit: (): void => this.responseCacheHits.inc(),
    miss: (): void => this.responseCacheMisses.inc(),
    evicted: (): void => this.responseCacheEvictions.inc(),
  };
}
