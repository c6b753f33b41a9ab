import { resolveArrayConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../builder.js';
import { LIMITS } from '../limits.js';
import { offsetCursor, pageSize, sessionId } from '../rules.js';
import { BindingSourceEnum, ThreadRef } from './thread.types.js';

const title = z.string().trim().min(1, 'must not be empty').max(LIMITS.titleMaxChars, `must be at most ${LIMITS.titleMaxChars} characters`);
const bindingKey = z.string().trim().min(1, 'must not be empty').max(LIMITS.bindingKeyMaxChars, `must be at most ${LIMITS.bindingKeyMaxChars} characters`);
const serverName = z.string().max(LIMITS.serverNameMaxChars, `must be at most ${LIMITS.serverNameMaxChars} characters`);
const search = z.string().max(LIMITS.searchMaxChars, `must be at most ${LIMITS.searchMaxChars} characters`);

builder.queryField('threads', (t) =>
  t.connection({
    type: ThreadRef,
    authScopes: { viewer: true },
    description: `Bound threads first (newest activity first), then, with includeUnbound, the other sessions OpenCode knows. first ≤ ${LIMITS.threadsPageMax}.`,
    args: {
      includeUnbound: t.arg.boolean({ defaultValue: false }),
      search: t.arg.string({ description: 'Matches title, id or binding key, case-insensitively.', validate: search }),
      server: t.arg.string({ description: 'Only the threads of this OpenCode server.', validate: serverName }),
    },
    validate: z.looseObject({
      first: pageSize(LIMITS.threadsPageMax).nullish(),
      last: pageSize(LIMITS.threadsPageMax).nullish(),
      after: offsetCursor.nullish(),
      before: offsetCursor.nullish(),
    }),
    resolve: async (_root, args, ctx) => {
      const threads = await ctx.services.threads.list({ includeUnbound: args.includeUnbound ?? false, search: args.search ?? undefined, server: args.server ?? undefined });
      return resolveArrayConnection({ args, defaultSize: LIMITS.threadsPageDefault, maxSize: LIMITS.threadsPageMax }, threads);
    },
  }),
);

builder.queryField('thread', (t) =>
  t.field({
    type: ThreadRef,
    nullable: true,
    authScopes: { viewer: true },
    description: 'One thread by its OpenCode session id; null when no binding and no OpenCode session has it.',
    args: { id: t.arg.id({ required: true, validate: sessionId }) },
    resolve: (_root, { id }, ctx) => {
      ctx.audit.noteThread(id);
      return ctx.services.threads.get(id);
    },
  }),
);

const CreateThreadInput = builder.inputType('CreateThreadInput', {
  fields: (t) => ({
    title: t.string({ required: true, description: `1 to ${LIMITS.titleMaxChars} characters.`, validate: title }),
    bindingKey: t.string({ description: 'Defaults to "<source>:<session id>".', validate: bindingKey }),
    source: t.field({ type: BindingSourceEnum, description: 'Who binds it. Default api.' }),
    server: t.string({ description: 'The OpenCode server to create it on. Default: the first.', validate: serverName }),
  }),
});

builder.mutationField('createThread', (t) =>
  t.field({
    type: ThreadRef,
    description: 'Creates an OpenCode session and binds it, in one step.',
    authScopes: { operator: true },
    args: { input: t.arg({ type: CreateThreadInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const thread = await ctx.services.threads.create({
        title: input.title,
        key: input.bindingKey ?? undefined,
        source: input.source ?? 'api',
        server: input.server ?? undefined,
      });
      ctx.audit.noteThread(thread.id);
      return thread;
    },
  }),
);

const BindThreadInput = builder.inputType('BindThreadInput', {
  fields: (t) => ({
    threadId: t.id({ required: true, validate: sessionId }),
    key: t.string({ required: true, validate: bindingKey }),
    source: t.field({ type: BindingSourceEnum, required: true }),
  }),
});

builder.mutationField('bindThread', (t) =>
  t.field({
    type: ThreadRef,
    description: 'Binds an existing OpenCode session (or rebinds it under another key).',
    authScopes: { operator: true },
    args: { input: t.arg({ type: BindThreadInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      ctx.audit.noteThread(input.threadId);
      return ctx.services.threads.bind({ sessionId: input.threadId, key: input.key, source: input.source });
    },
  }),
);

builder.mutationField('unbindThread', (t) =>
  t.field({
    type: ThreadRef,
    nullable: true,
    authScopes: { operator: true },
    description: 'Removes the binding; the OpenCode session itself stays. Returns the thread as it is now (null if OpenCode no longer has it).',
    args: { threadId: t.arg.id({ required: true, validate: sessionId }) },
    resolve: (_root, { threadId }, ctx) => {
      ctx.audit.noteThread(threadId);
      return ctx.services.threads.unbind(threadId);
    },
  }),
);

builder.mutationField('abortThread', (t) =>
  t.field({
    type: ThreadRef,
    description: 'Stops what the agent is doing in this thread.',
    authScopes: { operator: true },
    args: { id: t.arg.id({ required: true, validate: sessionId }) },
    resolve: (_root, { id }, ctx) => {
      ctx.audit.noteThread(id);
      return ctx.services.threads.abort(id);
    },
  }),
);
