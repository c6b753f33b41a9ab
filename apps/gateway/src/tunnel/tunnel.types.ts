import { builder } from '../builder.js';
import { TUNNEL_STATES, type TunnelStatus } from './tunnel.port.js';

const TunnelStateEnum = builder.enumType('TunnelState', {
  description:
    'STARTING: cloudflared runs, and has not connected yet. UP: it carries requests. BACKING_OFF: it exited and is restarted after a delay. ' +
    'DOWN: stopped, never started, refused, or given up after exiting too often (by default 5 times within 10 minutes) until it is started again.',
  values: TUNNEL_STATES,
});

export const TunnelRef = builder.objectRef<TunnelStatus>('Tunnel').implement({
  description: 'The cloudflared tunnel that makes the console reachable from the internet.',
  fields: (t) => ({
    state: t.field({ type: TunnelStateEnum, resolve: (tunnel) => tunnel.state }),
    url: t.exposeString('url', {
      nullable: true,
      description: "The public address: read from a quick tunnel's output, or OTTO_TUNNEL_URL for a named tunnel. Null until known, and while it is not up.",
    }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why it last exited, or was not started.' }),
    restarts: t.exposeInt('restarts', { description: 'Times it exited and was started again since it was last started on purpose.' }),
  }),
});
