import { builder } from '../builder.js';
import { SystemRef } from '../system/system.types.js';
import { AgentInfoRef, ModelInfoRef } from './model.types.js';

builder.objectField(SystemRef, 'models', (t) =>
  t.field({
    type: [ModelInfoRef],
    description: "The models of the providers OpenCode is connected to (the default server's), each provider's default first. sendMessage's model is one of their names.",
    resolve: (_system, _args, ctx) => ctx.services.models.models(),
  }),
);

builder.objectField(SystemRef, 'agents', (t) =>
  t.field({
    type: [AgentInfoRef],
    description: "OpenCode's agents (the default server's). sendMessage's agent is one whose mode is primary or all.",
    resolve: (_system, _args, ctx) => ctx.services.models.agents(),
  }),
);
