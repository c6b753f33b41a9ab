import type { OpencodePermission } from '@otto/opencode';
import type { Binding } from '@otto/store';
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { notFound } from '../errors.js';
import { LIMITS } from '../limits.js';
import { noteThread } from '../plugins/audit.js';
import type { Thread } from '../services/merge.js';
import { tokensOf, type Tokens } from '../services/messages.js';
import * as valid from '../validate.js';
import { offsetPage, pageStart } from './pages.js';
import { DateTime, JSONScalar } from './scalars.js';
import { TokenUsage } from './tokens.js';

export const ThreadState = builder.enumType('ThreadState', {
  description: 'LIVE: OpenCode knows it. STALE: bound, but OpenCode says it is gone. UNKNOWN: OpenCode could not be asked.',
  values: ['LIVE', 'STALE', 'UNKNOWN'] as const,
});

export const ThreadActivity = builder.enumType('ThreadActivity', {
  values: ['IDLE', 'BUSY', 'RETRY', 'UNKNOWN'] as const,
});

export const BindingRef = builder.objectRef<Binding>('Binding').implement({
  description: 'Why Otto cares about a session: who bound it, under which key.',
  fields: (t) => ({
    key: t.exposeString('key'),
    source: t.exposeString('source'),
    boundAt: t.field({ type: DateTime, resolve: (binding) => binding.boundAt }),
    lastSeenAt: t.field({
      type: DateTime,
      nullable: true,
      description: 'When OpenCode last reported the session; old for a STALE thread.',
      resolve: (binding) => binding.lastSeenAt,
    }),
  }),
});

export const Usage = builder.objectRef<{ cost: number; tokens: Tokens }>('Usage').implement({
  fields: (t) => ({
    cost: t.exposeFloat('cost', { description: 'In US dollars, as OpenCode priced it.' }),
    tokens: t.field({ type: TokenUsage, resolve: (usage) => usage.tokens }),
  }),
});

export const PermissionReplyEnum = builder.enumType('PermissionReply', {
  values: ['ONCE', 'ALWAYS', 'REJECT'] as const,
});

export const PermissionRequestRef = builder.objectRef<OpencodePermission>('PermissionRequest').implement({
  description: 'A tool call waiting for an operator: answer it with replyPermission.',
  fields: (t) => ({
    id: t.exposeID('id'),
    threadId: t.exposeID('sessionID'),
    permission: t.exposeString('permission', { description: 'What is asked for, e.g. bash.' }),
    patterns: t.exposeStringList('patterns'),
    metadata: t.field({ type: JSONScalar, resolve: (permission) => permission.metadata }),
    messageId: t.id({ nullable: true, resolve: (permission) => permission.tool?.messageID ?? null }),
    toolCallId: t.id({ nullable: true, resolve: (permission) => permission.tool?.callID ?? null }),
  }),
});

export const ThreadRef = builder.objectRef<Thread>('Thread').implement({
  description: 'An OpenCode session, as Otto sees it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The OpenCode session id, verbatim.' }),
    title: t.exposeString('title'),
    state: t.field({ type: ThreadState, resolve: (thread) => thread.state }),
    activity: t.field({ type: ThreadActivity, resolve: (thread) => thread.activity }),
    binding: t.field({ type: BindingRef, nullable: true, resolve: (thread) => thread.binding }),
    createdAt: t.field({ type: DateTime, nullable: true, resolve: (thread) => thread.createdAt }),
    updatedAt: t.field({ type: DateTime, nullable: true, resolve: (thread) => thread.updatedAt }),
    permissions: t.field({
      type: [PermissionRequestRef],
      description: 'Pending permission requests; empty while OpenCode cannot be asked.',
      resolve: (thread, _args, ctx) => ctx.services.mirror.pendingPermissions(thread.id),
    }),
    usage: t.field({
      type: Usage,
      nullable: true,
      description: 'Cost and tokens so far, when OpenCode reports them for the session.',
      resolve: ({ session }) => (session?.tokens ? { cost: session.cost ?? 0, tokens: tokensOf(session.tokens) } : null),
    }),
  }),
});

/** A thread that must exist (bound or known to OpenCode); NOT_FOUND otherwise. */
export async function requireThread(ctx: GatewayContext, id: string): Promise<Thread> {
  const thread = await ctx.services.threads.get(id);
  if (!thread) throw notFound(`No thread ${id}`);
  return thread;
}

builder.queryField('threads', (t) =>
  t.connection({
    type: ThreadRef,
    description: `Bound threads first (newest activity first), then, with includeUnbound, the other sessions OpenCode knows. first ≤ ${LIMITS.threadsPageMax}.`,
    args: {
      includeUnbound: t.arg.boolean({ defaultValue: false }),
      search: t.arg.string({ description: 'Matches title, id or binding key, case-insensitively.' }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.last != null || args.before != null) throw valid.backwardPaging();
      const first = valid.pageSize(args.first, LIMITS.threadsPageMax, LIMITS.threadsPageDefault, 'first');
      const search = valid.search(args.search);
      const start = pageStart(args.after);
      const threads = await ctx.services.threads.list({ includeUnbound: args.includeUnbound ?? false, search });
      return offsetPage(threads, first, start);
    },
  }),
);

builder.queryField('thread', (t) =>
  t.field({
    type: ThreadRef,
    nullable: true,
    description: 'One thread by its OpenCode session id; null when no binding and no OpenCode session has it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const id = valid.threadId(String(args.id), 'id');
      noteThread(ctx.request, id);
      return ctx.services.threads.get(id);
    },
  }),
);

const CreateThreadInput = builder.inputType('CreateThreadInput', {
  fields: (t) => ({
    title: t.string({ required: true, description: `1 to ${LIMITS.titleMaxChars} characters.` }),
    bindingKey: t.string({ description: 'Defaults to "<source>:<session id>".' }),
    source: t.string({ description: 'Who binds it: console, api, telegram, scheduler… Default api.' }),
  }),
});

builder.mutationField('createThread', (t) =>
  t.field({
    type: ThreadRef,
    description: 'Creates an OpenCode session and binds it, in one step.',
    args: { input: t.arg({ type: CreateThreadInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const title = valid.title(input.title);
      const source = valid.source(input.source ?? 'api');
      const key = input.bindingKey == null ? undefined : valid.bindingKey(input.bindingKey);
      const { opencode, mirror, threads } = ctx.services;
      const session = await opencode.createSession({ title });
      noteThread(ctx.request, session.id);
      mirror.remember(session);
      let binding: Binding;
      try {
        binding = await threads.bind({ sessionId: session.id, key: key ?? `${source}:${session.id}`, source });
        await threads.remember([session], binding);
      } catch (error) {
        // Nothing half-done: a session Otto could not bind is removed again.
        await opencode.deleteSession(session.id).catch(() => undefined);
        throw error;
      }
      return requireThread(ctx, session.id);
    },
  }),
);

const BindThreadInput = builder.inputType('BindThreadInput', {
  fields: (t) => ({
    threadId: t.id({ required: true }),
    key: t.string({ required: true }),
    source: t.string({ required: true }),
  }),
});

builder.mutationField('bindThread', (t) =>
  t.field({
    type: ThreadRef,
    description: 'Binds an existing OpenCode session (or rebinds it under another key).',
    args: { input: t.arg({ type: BindThreadInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const threadId = valid.threadId(String(input.threadId));
      const key = valid.bindingKey(input.key, 'key');
      const source = valid.source(input.source);
      noteThread(ctx.request, threadId);
      const session = await ctx.services.threads.requireSession(threadId);
      const binding = await ctx.services.threads.bind({ sessionId: threadId, key, source });
      await ctx.services.threads.remember([session], binding);
      return requireThread(ctx, threadId);
    },
  }),
);

builder.mutationField('unbindThread', (t) =>
  t.field({
    type: ThreadRef,
    nullable: true,
    description: 'Removes the binding; the OpenCode session itself stays. Returns the thread as it is now (null if OpenCode no longer has it).',
    args: { threadId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const threadId = valid.threadId(String(args.threadId));
      noteThread(ctx.request, threadId);
      if (!(await ctx.services.threads.unbind(threadId))) throw notFound(`Thread ${threadId} is not bound`);
      return ctx.services.threads.get(threadId);
    },
  }),
);

builder.mutationField('abortThread', (t) =>
  t.field({
    type: ThreadRef,
    description: 'Stops what the agent is doing in this thread.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = valid.threadId(String(args.id), 'id');
      noteThread(ctx.request, id);
      await ctx.services.threads.requireSession(id);
      await ctx.services.opencode.abort(id);
      return requireThread(ctx, id);
    },
  }),
);
