import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { LIMITS } from '../limits.js';
import { sessionId } from '../rules.js';
import { ThreadRef } from '../threads/thread.types.js';

/** Pins are the operator's, whether they signed in or use a token; auth put the caller on the context before any field runs. */
const operatorOf = (ctx: GatewayContext) => {
  if (!ctx.caller) throw new Error('no caller on an authenticated request');
  return ctx.caller.operatorId;
};

builder.objectField(ThreadRef, 'pinned', (t) =>
  t.boolean({
    description: 'Whether the calling operator pinned it to their dashboard.',
    resolve: (thread, _args, ctx) => (ctx.caller ? ctx.services.pins.isPinned(ctx.caller.operatorId, thread.id) : false),
  }),
);

builder.queryField('pinnedThreads', (t) =>
  t.field({
    type: [ThreadRef],
    authScopes: { viewer: true },
    description: "The calling operator's pinned threads (the dashboard's session cards), oldest pin first.",
    resolve: (_root, _args, ctx) => ctx.services.pins.pinned(operatorOf(ctx)),
  }),
);

builder.mutationField('pinThread', (t) =>
  t.field({
    type: ThreadRef,
    authScopes: { viewer: true },
    description: `Pins a thread to the calling operator's dashboard; at most ${LIMITS.pinsPerOperatorMax} each (BAD_USER_INPUT past that). Pinning it again changes nothing.`,
    args: { threadId: t.arg.id({ required: true, validate: sessionId }) },
    resolve: (_root, { threadId }, ctx) => {
      ctx.audit.noteThread(threadId);
      return ctx.services.pins.pin(operatorOf(ctx), threadId);
    },
  }),
);

builder.mutationField('unpinThread', (t) =>
  t.field({
    type: ThreadRef,
    authScopes: { viewer: true },
    description: "Takes a thread off the calling operator's dashboard; unpinning one not pinned changes nothing.",
    args: { threadId: t.arg.id({ required: true, validate: sessionId }) },
    resolve: (_root, { threadId }, ctx) => {
      ctx.audit.noteThread(threadId);
      return ctx.services.pins.unpin(operatorOf(ctx), threadId);
    },
  }),
);
