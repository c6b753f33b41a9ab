import type { Binding } from '@otto/store';
import { builder } from '../builder.js';
import { DateTime } from '../scalars.js';
import { BINDING_SOURCES, bindingSourceOf } from './binding-source.js';
import type { Thread } from './thread-state.js';
import { tokensOf } from './usage.js';
import { Usage } from './usage.types.js';

export const ThreadState = builder.enumType('ThreadState', {
  description: 'LIVE: OpenCode knows it. STALE: bound, but OpenCode says it is gone. UNKNOWN: OpenCode could not be asked.',
  values: ['LIVE', 'STALE', 'UNKNOWN'] as const,
});

export const ThreadActivity = builder.enumType('ThreadActivity', {
  values: ['IDLE', 'BUSY', 'RETRY', 'UNKNOWN'] as const,
});

export const BindingSourceEnum = builder.enumType('BindingSource', {
  description: 'Who bound the session: a script (api), the console, the scheduler or the Telegram bot.',
  values: BINDING_SOURCES,
});

export const BindingRef = builder.objectRef<Binding>('Binding').implement({
  description: 'Why Otto cares about a session: who bound it, under which key.',
  fields: (t) => ({
    key: t.exposeString('key'),
    source: t.field({ type: BindingSourceEnum, resolve: (binding) => bindingSourceOf(binding.source) }),
    boundAt: t.field({ type: DateTime, resolve: (binding) => binding.boundAt }),
    lastSeenAt: t.field({
      type: DateTime,
      nullable: true,
      description: 'When OpenCode last reported the session; old for a STALE thread.',
      resolve: (binding) => binding.lastSeenAt,
    }),
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
    server: t.exposeString('server', { description: 'The OpenCode server that holds it.' }),
    createdAt: t.field({ type: DateTime, nullable: true, resolve: (thread) => thread.createdAt }),
    updatedAt: t.field({ type: DateTime, nullable: true, resolve: (thread) => thread.updatedAt }),
    usage: t.field({
      type: Usage,
      nullable: true,
      description: 'Cost and tokens so far, when OpenCode reports them for the session.',
      resolve: ({ session }) => (session?.tokens ? { cost: session.cost ?? 0, tokens: tokensOf(session.tokens) } : null),
    }),
  }),
});
