import { builder } from '../builder.js';
import { MessageRef } from '../messages/message.types.js';
import { PermissionReplyEnum, PermissionRequestRef } from '../permissions/permission.types.js';
import { QuestionRequestRef } from '../questions/question.types.js';
import { ThreadRef } from '../threads/thread.types.js';
import type { ThreadEventOf as Of, ThreadEventValue } from './thread-event.js';

const DeltaKind = builder.enumType('DeltaKind', { values: ['TEXT', 'REASONING'] as const });

const MessageDelta = builder.objectRef<Of<'MessageDelta'>>('MessageDelta').implement({
  description: 'Text appended to one part of a message while it is being written.',
  fields: (t) => ({
    threadId: t.exposeID('threadId'),
    messageId: t.exposeID('messageId'),
    partId: t.exposeID('partId'),
    kind: t.field({ type: DeltaKind, resolve: (delta) => delta.kind }),
    delta: t.exposeString('delta'),
  }),
});

const MessageUpdated = builder.objectRef<Of<'MessageUpdated'>>('MessageUpdated').implement({
  description: 'A message or one of its parts changed: a tool call moved on, the message finished or failed.',
  fields: (t) => ({ message: t.field({ type: MessageRef, resolve: (event) => event.message }) }),
});

const PermissionAsked = builder.objectRef<Of<'PermissionAsked'>>('PermissionAsked').implement({
  fields: (t) => ({ permission: t.field({ type: PermissionRequestRef, resolve: (event) => event.permission }) }),
});

const PermissionReplied = builder.objectRef<Of<'PermissionReplied'>>('PermissionReplied').implement({
  fields: (t) => ({
    threadId: t.exposeID('threadId'),
    permissionId: t.exposeID('permissionId'),
    reply: t.field({ type: PermissionReplyEnum, resolve: (event) => event.reply }),
  }),
});

const QuestionAsked = builder.objectRef<Of<'QuestionAsked'>>('QuestionAsked').implement({
  fields: (t) => ({ question: t.field({ type: QuestionRequestRef, resolve: (event) => event.question }) }),
});

const QuestionReplied = builder.objectRef<Of<'QuestionReplied'>>('QuestionReplied').implement({
  fields: (t) => ({
    threadId: t.exposeID('threadId'),
    questionId: t.exposeID('questionId'),
    rejected: t.exposeBoolean('rejected'),
  }),
});

const ThreadUpdated = builder.objectRef<Of<'ThreadUpdated'>>('ThreadUpdated').implement({
  fields: (t) => ({ thread: t.field({ type: ThreadRef, resolve: (event) => event.thread }) }),
});

const MEMBERS = { MessageDelta, MessageUpdated, PermissionAsked, PermissionReplied, QuestionAsked, QuestionReplied, ThreadUpdated };

export const ThreadEvent = builder.unionType('ThreadEvent', {
  types: Object.values(MEMBERS),
  resolveType: (event: ThreadEventValue) => MEMBERS[event.__kind],
});
