import type { OpencodePermission } from '@otto/opencode';
import { builder } from '../builder.js';
import { JSONScalar } from '../scalars.js';
import { ThreadRef } from '../threads/thread.types.js';

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

builder.objectField(ThreadRef, 'permissions', (t) =>
  t.field({
    type: [PermissionRequestRef],
    description: 'Pending permission requests; empty while OpenCode cannot be asked.',
    resolve: (thread, _args, ctx) => ctx.services.permissions.pending(thread.id),
  }),
);
