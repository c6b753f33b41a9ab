import { builder } from '../builder.js';
import { permissionId, sessionId } from '../rules.js';
import { ThreadRef } from '../threads/thread.types.js';
import { PermissionReplyEnum } from './permission.types.js';

const REPLIES = { ONCE: 'once', ALWAYS: 'always', REJECT: 'reject' } as const;

const ReplyPermissionInput = builder.inputType('ReplyPermissionInput', {
  fields: (t) => ({
    threadId: t.id({ required: true, validate: sessionId }),
    permissionId: t.id({ required: true, validate: permissionId }),
    reply: t.field({ type: PermissionReplyEnum, required: true, description: 'ALWAYS lasts as long as the OpenCode process.' }),
  }),
});

builder.mutationField('replyPermission', (t) =>
  t.field({
    type: ThreadRef,
    authScopes: { operator: true },
    args: { input: t.arg({ type: ReplyPermissionInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      ctx.audit.noteThread(input.threadId);
      return ctx.services.permissions.reply(input.threadId, input.permissionId, REPLIES[input.reply]);
    },
  }),
);
