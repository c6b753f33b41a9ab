import { builder } from '../builder.js';
import { DateTime } from '../scalars.js';
import type { HealthSnapshot, LatencySample } from './health.service.js';

export const UpstreamStatus = builder.enumType('UpstreamStatus', {
  description: 'UP: healthy and mirrored. DEGRADED: answering, but slowly or without the event stream. DOWN: not answering.',
  values: ['UP', 'DEGRADED', 'DOWN'] as const,
});

const LatencySampleRef = builder.objectRef<LatencySample>('LatencySample').implement({
  description: 'One health probe of OpenCode.',
  fields: (t) => ({
    at: t.field({ type: DateTime, resolve: (sample) => sample.at }),
    latencyMs: t.exposeFloat('latencyMs', { nullable: true, description: 'Null: OpenCode did not answer.' }),
  }),
});

const OpencodeStatus = builder.objectRef<HealthSnapshot>('OpencodeStatus').implement({
  fields: (t) => ({
    status: t.field({ type: UpstreamStatus, resolve: (health) => health.status }),
    latencyMs: t.exposeFloat('latencyMs', { nullable: true, description: 'Of the last health probe.' }),
    version: t.exposeString('version', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    lastSuccessAt: t.field({ type: DateTime, nullable: true, resolve: (health) => health.lastSuccessAt }),
    lastCheckAt: t.field({ type: DateTime, nullable: true, resolve: (health) => health.lastCheckAt }),
    latencyHistory: t.field({
      type: [LatencySampleRef],
      description: 'The probes of the last hour, oldest first (at most 720: an hour at the default 5 s interval).',
      resolve: (_health, _args, ctx) => ctx.services.health.latencyHistory(),
    }),
  }),
});

export const SystemRef = builder.objectRef<Record<string, never>>('System').implement({
  fields: (t) => ({
    version: t.string({ description: 'Gateway version.', resolve: (_s, _a, ctx) => ctx.services.version }),
    database: t.string({ description: 'Which database, without secrets.', resolve: (_s, _a, ctx) => ctx.services.store.describe() }),
    opencode: t.field({
      type: OpencodeStatus,
      description: 'The default (first) OpenCode server; every server is in opencodeServers.',
      resolve: (_s, _a, ctx) => ctx.services.health.current(),
    }),
  }),
});
