import { builder } from '../builder.js';
import { SupervisorRef } from './supervisor.types.js';
import { SystemRef } from './system.types.js';

builder.objectField(SystemRef, 'supervisor', (t) =>
  t.field({
    type: SupervisorRef,
    nullable: true,
    description: 'Null when OPENCODE_URL points to a server the gateway does not run.',
    resolve: (_system, _args, ctx) => ctx.services.supervisor.current(),
  }),
);

builder.mutationField('restartOpenCode', (t) =>
  t.field({
    type: SupervisorRef,
    description:
      'Starts OpenCode again: out of a crash loop (its count starts over), or by stopping the running server, a planned restart that never counts as a crash. NOT_SUPERVISED when the gateway does not run OpenCode.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.services.supervisor.restart(),
  }),
);
