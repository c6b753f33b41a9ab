import { z } from 'zod';
import { builder } from '../builder.js';
import { sessionId } from '../rules.js';
import { ThreadRef } from '../threads/thread.types.js';

const questionId = z.string().regex(/^que_[A-Za-z0-9]{1,60}$/, 'must be an OpenCode question id like que_abc123');

const ReplyQuestionInput = builder.inputType('ReplyQuestionInput', {
  fields: (t) => ({
    threadId: t.id({ required: true, validate: sessionId }),
    questionId: t.id({ required: true, validate: questionId }),
    answers: t.field({
      type: t.listRef(t.listRef('String', { required: true }), { required: true }),
      required: true,
      description: 'One list of chosen labels (or free text) per question, in order.',
      validate: z.array(z.array(z.string().min(1, 'must not be empty').max(2_000, 'must be at most 2000 characters')).max(50)).min(1).max(20),
    }),
  }),
});

builder.mutationField('replyQuestion', (t) =>
  t.field({
    type: ThreadRef,
    description: 'answers: one list of chosen labels (or free text) per question, in order.',
    authScopes: { operator: true },
    args: { input: t.arg({ type: ReplyQuestionInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      ctx.audit.noteThread(input.threadId);
      return ctx.services.questions.reply(input.threadId, input.questionId, input.answers);
    },
  }),
);

const RejectQuestionInput = builder.inputType('RejectQuestionInput', {
  fields: (t) => ({
    threadId: t.id({ required: true, validate: sessionId }),
    questionId: t.id({ required: true, validate: questionId }),
  }),
});

builder.mutationField('rejectQuestion', (t) =>
  t.field({
    type: ThreadRef,
    authScopes: { operator: true },
    args: { input: t.arg({ type: RejectQuestionInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      ctx.audit.noteThread(input.threadId);
      return ctx.services.questions.reject(input.threadId, input.questionId);
    },
  }),
);
