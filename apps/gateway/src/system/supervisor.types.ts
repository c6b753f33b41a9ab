import { SUPERVISOR_STATES, type RestartEvent } from '@otto/opencode';
import { builder } from '../builder.js';
import { DateTime } from '../scalars.js';
import type { SupervisorSnapshot } from './supervisor.service.js';

const SupervisorStateEnum = builder.enumType('SupervisorState', {
  description:
    'STARTING: a server is on its way up. RUNNING: it serves. BACKING_OFF: it exited and is restarted after a delay. ' +
    'CRASH_LOOP: it exited too often (by default 5 times within 10 minutes), and nothing restarts it until restartOpenCode. STOPPED: the gateway is shutting down.',
  values: SUPERVISOR_STATES,
});

const RestartEventRef = builder.objectRef<RestartEvent>('RestartEvent').implement({
  description: 'An exit of the supervised OpenCode (or a start that failed), and the restart that followed it.',
  fields: (t) => ({
    at: t.field({ type: DateTime, description: 'When it exited.', resolve: (event) => event.at }),
    reason: t.exposeString('reason'),
    exitCode: t.exposeInt('exitCode', { nullable: true }),
    signal: t.exposeString('signal', { nullable: true }),
    downMs: t.exposeInt('downMs', { nullable: true, description: 'How long OpenCode was down until it served again; null while it is still down.' }),
  }),
});

export const SupervisorRef = builder.objectRef<SupervisorSnapshot>('Supervisor').implement({
  description: "The gateway's own `opencode serve`: its state and restart history.",
  fields: (t) => ({
    state: t.field({ type: SupervisorStateEnum, resolve: (supervisor) => supervisor.state }),
    pid: t.exposeInt('pid', { nullable: true, description: 'Of the running server.' }),
    startedAt: t.field({ type: DateTime, nullable: true, description: 'When the running server was started.', resolve: (supervisor) => supervisor.startedAt }),
    restarts: t.field({ type: [RestartEventRef], description: 'Newest first, the last 50.', resolve: (supervisor) => supervisor.restarts }),
  }),
});
