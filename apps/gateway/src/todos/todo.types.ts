import type { OpencodeTodo } from '@otto/opencode';
import { builder } from '../builder.js';
import { ThreadRef } from '../threads/thread.types.js';

export const TodoRef = builder.objectRef<OpencodeTodo>('Todo').implement({
  description: "One item of the agent's todo list (OpenCode's todowrite). OpenCode's todos carry no id of their own.",
  fields: (t) => ({
    content: t.exposeString('content'),
    status: t.exposeString('status', { description: 'As the agent wrote it: pending, in_progress, completed or cancelled.' }),
    priority: t.string({
      nullable: true,
      description: 'As the agent wrote it: high, medium or low.',
      resolve: (todo) => todo.priority || null,
    }),
  }),
});

builder.objectField(ThreadRef, 'todos', (t) =>
  t.field({
    type: [TodoRef],
    description: "The agent's todo list as it last wrote it, in its order; empty for a thread OpenCode no longer has.",
    resolve: (thread, _args, ctx) => ctx.services.todos.list(thread),
  }),
);
