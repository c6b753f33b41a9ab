import type { OpencodeQuestion } from '@otto/opencode';
import { builder } from '../builder.js';
import { ThreadRef } from '../threads/thread.types.js';

type QuestionInfo = OpencodeQuestion['questions'][number];
type QuestionOptionInfo = QuestionInfo['options'][number];

const QuestionOptionRef = builder.objectRef<QuestionOptionInfo>('QuestionOption').implement({
  fields: (t) => ({
    label: t.exposeString('label'),
    description: t.string({ nullable: true, resolve: (option) => option.description || null }),
  }),
});

const QuestionRef = builder.objectRef<QuestionInfo>('Question').implement({
  description: 'custom: a free-text answer is allowed (OpenCode\'s own default, true when absent).',
  fields: (t) => ({
    header: t.string({ nullable: true, resolve: (question) => question.header || null }),
    question: t.exposeString('question'),
    options: t.field({ type: [QuestionOptionRef], resolve: (question) => question.options }),
    multiple: t.boolean({ resolve: (question) => question.multiple ?? false }),
    custom: t.boolean({ resolve: (question) => question.custom ?? true }),
  }),
});

export const QuestionRequestRef = builder.objectRef<OpencodeQuestion>('QuestionRequest').implement({
  description: 'The agent asks the operator; answer with replyQuestion or rejectQuestion.',
  fields: (t) => ({
    id: t.exposeID('id'),
    threadId: t.exposeID('sessionID'),
    questions: t.field({ type: [QuestionRef], resolve: (request) => request.questions }),
    messageId: t.id({ nullable: true, resolve: (request) => request.tool?.messageID ?? null }),
    toolCallId: t.id({ nullable: true, resolve: (request) => request.tool?.callID ?? null }),
  }),
});

builder.objectField(ThreadRef, 'questions', (t) =>
  t.field({
    type: [QuestionRequestRef],
    description: 'Questions the agent is waiting on; empty while OpenCode cannot be asked.',
    resolve: (thread, _args, ctx) => ctx.services.questions.pending(thread.id),
  }),
);
