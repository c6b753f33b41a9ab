import { builder } from '../builder.js';
import { SystemRef } from '../system/system.types.js';
import { processFigures, type ProcessFigures } from './process-stats.js';
import type { RequestFigures } from './request-stats.js';

const ProcessStatsRef = builder.objectRef<ProcessFigures>('ProcessStats').implement({
  description: 'The gateway process, as its /metrics reports it.',
  fields: (t) => ({
    uptimeSeconds: t.exposeFloat('uptimeSeconds'),
    rssBytes: t.exposeFloat('rssBytes', { description: 'Resident memory.' }),
    eventLoopDelayMs: t.exposeFloat('eventLoopDelayMs', {
      description: 'The 99th percentile of how late the event loop ran, since the delay was last read (here or by a /metrics scrape).',
    }),
  }),
});

const RequestStatsRef = builder.objectRef<RequestFigures>('RequestStats').implement({
  description: 'GraphQL requests over the last minute, from the histogram /metrics exports (subscriptions left out).',
  fields: (t) => ({
    ratePerSecond: t.exposeFloat('ratePerSecond'),
    p95Ms: t.exposeFloat('p95Ms', { nullable: true, description: 'Interpolated within a histogram bucket; null when no request was answered in the window.' }),
    windowSeconds: t.exposeFloat('windowSeconds', { description: 'How far back the figures reach: 60 s, or less just after start.' }),
  }),
});

builder.objectFields(SystemRef, (t) => ({
  process: t.field({ type: ProcessStatsRef, resolve: (_system, _args, ctx) => processFigures(ctx.services.metrics.registry) }),
  requests: t.field({ type: RequestStatsRef, resolve: (_system, _args, ctx) => ctx.services.requestStats.current() }),
}));
