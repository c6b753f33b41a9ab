import { builder } from '../builder.js';
import { messageId, sessionId } from '../rules.js';
import { ThreadRef } from '../threads/thread.types.js';
import './change.types.js';


const RevertMessageInput = builder.inputType('RevertMessageInput', {
  fields: (t) => ({
    threadId: t.id({ required: true, validate: sessionId }),
    messageId: t.id({ required: true, description: 'The message to revert to before: usually one of the operator\'s.', validate: messageId }),
  }),
});

builder.mutationField('revertMessage', (t) =>
  t.field({
    type: ThreadRef,
    description: "Undoes the file changes of this message's turn and of every later one (OpenCode's revert), and marks the thread reverted to before it. Refused while the agent works.",
    authScopes: { operator: true },
    args: { input: t.arg({ type: RevertMessageInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      ctx.audit.noteThread(input.threadId);
      ctx.audit.noteTarget(input.messageId);
      return ctx.services.changes.revert(input.threadId, input.messageId);
    },
  }),
);

builder.mutationField('unrevertThread', (t) =>
  t.field({
    type: ThreadRef,
    description: "Restores what the thread's revert undid (OpenCode's unrevert). Refused while the agent works.",
    authScopes: { operator: true },
    args: { threadId: t.arg.id({ required: true, validate: sessionId }) },
    resolve: (_root, { threadId }, ctx) => {
      ctx.audit.noteThread(threadId);
      return ctx.services.changes.unrevert(threadId);
    },
  }),
);
