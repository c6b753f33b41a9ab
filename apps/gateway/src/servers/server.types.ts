import { builder } from '../builder.js';
import { DateTime } from '../scalars.js';
import { SystemRef, UpstreamStatus } from '../system/system.types.js';
import type { OpencodeServer } from './opencode-server.js';

const OpencodeServerRef = builder.objectRef<OpencodeServer>('OpencodeServer').implement({
  description: 'One OpenCode server behind the gateway, with its own health probe and mirror.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'As in OTTO_OPENCODE_SERVERS; `default` for the one server of OPENCODE_URL or the supervised one.' }),
    status: t.field({ type: UpstreamStatus, resolve: (server) => server.health.current().status }),
    latencyMs: t.float({ nullable: true, description: 'Of the last health probe.', resolve: (server) => server.health.current().latencyMs }),
    version: t.string({ nullable: true, resolve: (server) => server.health.current().version }),
    lastError: t.string({ nullable: true, resolve: (server) => server.health.current().lastError }),
    lastCheckAt: t.field({ type: DateTime, nullable: true, resolve: (server) => server.health.current().lastCheckAt }),
    sessions: t.int({ nullable: true, description: 'Sessions its mirror holds; null while the mirror is not live.', resolve: (server) => (server.mirror.isLive() ? server.mirror.sessionCount() : null) }),
  }),
});

const GatewayInstance = builder.objectRef<{ instanceId: string; startedAt: number }>('GatewayInstance').implement({
  description: 'The gateway process that answered: behind a load balancer, which of several it was.',
  fields: (t) => ({
    instanceId: t.exposeString('instanceId', { description: 'Random, new at every start.' }),
    startedAt: t.field({ type: DateTime, resolve: (instance) => instance.startedAt }),
  }),
});

builder.objectFields(SystemRef, (t) => ({
  opencodeServers: t.field({
    type: [OpencodeServerRef],
    description: 'Every OpenCode server, the default first.',
    resolve: (_s, _a, ctx) => ctx.services.servers.all,
  }),
  gateway: t.field({ type: GatewayInstance, resolve: (_s, _a, ctx) => ctx.services.instance }),
}));
