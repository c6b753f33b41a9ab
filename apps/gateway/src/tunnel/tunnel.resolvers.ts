import { builder } from '../builder.js';
import { SystemRef } from '../system/system.types.js';
import { TunnelRef } from './tunnel.types.js';

builder.objectField(SystemRef, 'tunnel', (t) =>
  t.field({
    type: TunnelRef,
    nullable: true,
    description: 'Null while OTTO_TUNNEL is off and no admin has started one.',
    resolve: (_system, _args, ctx) => ctx.services.tunnel.current(),
  }),
);

builder.mutationField('startTunnel', (t) =>
  t.field({
    type: TunnelRef,
    description:
      'Starts cloudflared (a quick tunnel, or the named one of CLOUDFLARED_TOKEN) unless it runs already. PASSWORD_REQUIRED while no admin has a password; TUNNEL_UNAVAILABLE when cloudflared is not installed.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.services.tunnel.start(),
  }),
);

builder.mutationField('stopTunnel', (t) =>
  t.field({
    type: TunnelRef,
    description: 'Stops cloudflared and its restarts; the console is then reachable only where the gateway listens.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.services.tunnel.stop(),
  }),
);
