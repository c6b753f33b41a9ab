import { builder } from '../builder.js';
import { sessionId } from '../rules.js';
import { ThreadRef } from '../threads/thread.types.js';
import type { LiveItem } from './bounded-stream.js';
import { ThreadEvent } from './live.types.js';

builder.subscriptionType({});

builder.subscriptionField('threadEvents', (t) =>
  t.field({
    type: ThreadEvent,
    description: 'Everything that happens in one thread, in order, from the moment of subscribing.',
    authScopes: { viewer: true },
    args: { threadId: t.arg.id({ required: true, validate: sessionId }) },
    subscribe: async (_root, { threadId }, ctx) => {
      ctx.audit.noteThread(threadId);
      // NOT_FOUND before any event: a thread nobody binds and OpenCode does not have.
      await ctx.services.threads.require(threadId);
      return ctx.services.live.subscribeThread(threadId);
    },
    resolve: (item: LiveItem, { threadId }, ctx) => ctx.services.live.resolve(item, threadId),
  }),
);

builder.subscriptionField('threadChanged', (t) =>
  t.field({
    type: ThreadRef,
    description: 'A thread was created, bound, unbound, renamed, or changed state or activity.',
    authScopes: { viewer: true },
    subscribe: (_root, _args, ctx) => ctx.services.live.watchThreads(),
    resolve: (item: LiveItem, _args, ctx) => ctx.services.live.thread(item.kind === 'thread' ? item.threadId : ''),
  }),
);
