import { z } from 'zod';
import { FileScalar } from '../attachments/file.scalar.js';
import { MAX_FILES_PER_MESSAGE } from '../attachments/upload-limits.js';
import { builder } from '../builder.js';
import { LIMITS } from '../limits.js';
import { pageSize, sessionId } from '../rules.js';
import { ThreadRef } from '../threads/thread.types.js';
import { MessagePage, SendMessagePayload } from './message.types.js';

// OpenCode's message cursors are base64 of a small JSON object.
const messageCursor = z.string().regex(/^[A-Za-z0-9+/_=-]{1,512}$/, 'must be an olderCursor this API returned');
const MODEL = /^([A-Za-z0-9._-]{1,64})\/([A-Za-z0-9._:/-]{1,128})$/;

builder.objectField(ThreadRef, 'messages', (t) =>
  t.field({
    type: MessagePage,
    // Nullable so that an unreachable OpenCode costs this field, not the whole thread.
    nullable: true,
    description: `The last messages (at most ${LIMITS.messagesPageMax}) before the cursor \`before\` (an olderCursor), oldest first.`,
    args: {
      last: t.arg.int({ validate: pageSize(LIMITS.messagesPageMax) }),
      before: t.arg.id({ validate: messageCursor }),
    },
    resolve: (thread, args, ctx) =>
      ctx.services.messages.page(thread, { last: args.last ?? LIMITS.messagesPageDefault, before: args.before ?? undefined }),
  }),
);

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    threadId: t.id({ required: true, validate: sessionId }),
    text: t.string({
      required: true,
      description: `1 to ${LIMITS.messageTextMaxChars} characters, not all blank.`,
      validate: z
        .string()
        .max(LIMITS.messageTextMaxChars, `must be at most ${LIMITS.messageTextMaxChars} characters`)
        .refine((text) => text.trim().length > 0, 'must not be empty'),
    }),
    idempotencyKey: t.string({
      description: 'Sending again with the same key never sends twice: 8–128 of [A-Za-z0-9._:-].',
      validate: z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8 to 128 characters of letters, digits, . _ : -'),
    }),
    awaitReply: t.boolean({ defaultValue: false, description: 'Wait for the finished assistant reply.' }),
    model: t.string({
      description: '"provider/model"; OpenCode\'s default when unset.',
      validate: z.string().regex(MODEL, 'must be "provider/model", e.g. anthropic/claude-sonnet-4'),
    }),
    agent: t.string({
      description: "OpenCode agent name; OpenCode's default when unset.",
      validate: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an agent name such as build'),
    }),
    files: t.field({
      type: [FileScalar],
      description: `Files sent with the message (GraphQL multipart request): at most ${MAX_FILES_PER_MESSAGE}, each within the gateway's upload limits (system.uploads) and of a kind the model takes.`,
      validate: z.array(z.unknown()).max(MAX_FILES_PER_MESSAGE, `must be at most ${MAX_FILES_PER_MESSAGE} files`),
    }),
  }),
});

builder.mutationField('sendMessage', (t) =>
  t.field({
    type: SendMessagePayload,
    authScopes: { operator: true },
    description:
      'Sends a message. Without an idempotencyKey an outcome the gateway cannot know is DELIVERY_UNCONFIRMED; with one, sending again is always safe.',
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      ctx.audit.noteThread(input.threadId);
      const [, providerId, modelId] = input.model ? (MODEL.exec(input.model) ?? []) : [];
      return ctx.services.sender.send({
        threadId: input.threadId,
        text: input.text,
        idempotencyKey: input.idempotencyKey ?? undefined,
        awaitReply: input.awaitReply ?? false,
        model: providerId && modelId ? { providerId, modelId } : undefined,
        agent: input.agent ?? undefined,
        files: input.files ?? undefined,
      });
    },
  }),
);
