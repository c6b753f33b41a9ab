import { builder } from '../builder.js';
import { LIMITS } from '../limits.js';
import { noteThread } from '../plugins/audit.js';
import { toMessageView, type MessageView, type PartView } from '../services/messages.js';
import * as valid from '../validate.js';
import { DateTime, JSONScalar } from './scalars.js';
import { TokenUsage } from './tokens.js';
import { PermissionReplyEnum, ThreadRef, requireThread } from './threads.js';

const MessageRole = builder.enumType('MessageRole', { values: ['USER', 'ASSISTANT'] as const });
const MessageStatus = builder.enumType('MessageStatus', { values: ['PENDING', 'COMPLETE', 'FAILED'] as const });
const ToolStatus = builder.enumType('ToolStatus', { values: ['PENDING', 'RUNNING', 'COMPLETED', 'ERROR'] as const });
const StepPhase = builder.enumType('StepPhase', { values: ['START', 'FINISH'] as const });

type Kind<K extends PartView['kind']> = Extract<PartView, { kind: K }>;

const TextPart = builder.objectRef<Kind<'text'>>('TextPart').implement({
  fields: (t) => ({ id: t.exposeID('id'), text: t.exposeString('text') }),
});

const ReasoningPart = builder.objectRef<Kind<'reasoning'>>('ReasoningPart').implement({
  fields: (t) => ({ id: t.exposeID('id'), text: t.exposeString('text') }),
});

const ToolPart = builder.objectRef<Kind<'tool'>>('ToolPart').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    callId: t.exposeID('callId'),
    name: t.exposeString('name', { description: 'The tool, e.g. bash, edit, read.' }),
    status: t.field({ type: ToolStatus, resolve: (part) => part.status }),
    title: t.exposeString('title', { nullable: true }),
    input: t.field({ type: JSONScalar, nullable: true, resolve: (part) => part.input }),
    output: t.exposeString('output', { nullable: true }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

const FilePart = builder.objectRef<Kind<'file'>>('FilePart').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    mime: t.exposeString('mime'),
    filename: t.exposeString('filename', { nullable: true }),
    url: t.exposeString('url'),
  }),
});

const PatchPart = builder.objectRef<Kind<'patch'>>('PatchPart').implement({
  fields: (t) => ({ id: t.exposeID('id'), hash: t.exposeString('hash'), files: t.exposeStringList('files') }),
});

const StepPart = builder.objectRef<Kind<'step'>>('StepPart').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    phase: t.field({ type: StepPhase, resolve: (part) => part.phase }),
    reason: t.exposeString('reason', { nullable: true }),
    cost: t.exposeFloat('cost', { nullable: true }),
    tokens: t.field({ type: TokenUsage, nullable: true, resolve: (part) => part.tokens }),
  }),
});

const PART_TYPES = { text: TextPart, reasoning: ReasoningPart, tool: ToolPart, file: FilePart, patch: PatchPart, step: StepPart };

const MessagePart = builder.unionType('MessagePart', {
  types: Object.values(PART_TYPES),
  resolveType: (part: PartView) => PART_TYPES[part.kind],
});

const ModelRef = builder.objectRef<NonNullable<MessageView['model']>>('ModelRef').implement({
  fields: (t) => ({ providerId: t.exposeString('providerId'), modelId: t.exposeString('modelId') }),
});

const MessageErrorRef = builder.objectRef<NonNullable<MessageView['error']>>('MessageError').implement({
  fields: (t) => ({ name: t.exposeString('name'), message: t.exposeString('message') }),
});

export const MessageRef = builder.objectRef<MessageView>('Message').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    threadId: t.exposeID('threadId'),
    role: t.field({ type: MessageRole, resolve: (message) => message.role }),
    createdAt: t.field({ type: DateTime, resolve: (message) => message.createdAt }),
    completedAt: t.field({ type: DateTime, nullable: true, resolve: (message) => message.completedAt }),
    status: t.field({ type: MessageStatus, resolve: (message) => message.status }),
    text: t.exposeString('text', { description: 'The text parts, joined by blank lines.' }),
    parts: t.field({ type: [MessagePart], resolve: (message) => message.parts }),
    error: t.field({ type: MessageErrorRef, nullable: true, resolve: (message) => message.error }),
    model: t.field({ type: ModelRef, nullable: true, resolve: (message) => message.model }),
    agent: t.exposeString('agent', { nullable: true }),
    parentId: t.exposeID('parentId', { nullable: true, description: 'For a reply: the user message it answers.' }),
    cost: t.exposeFloat('cost', { nullable: true }),
    tokens: t.field({ type: TokenUsage, nullable: true, resolve: (message) => message.tokens }),
  }),
});

const MessagePage = builder.objectRef<{ nodes: MessageView[]; olderCursor: string | null }>('MessagePage').implement({
  description: 'The newest messages, oldest first; page back with before: olderCursor.',
  fields: (t) => ({
    nodes: t.field({ type: [MessageRef], resolve: (page) => page.nodes }),
    hasOlder: t.boolean({ resolve: (page) => page.olderCursor !== null }),
    olderCursor: t.id({ nullable: true, description: 'Opaque; pass it as before to read the page before these.', resolve: (page) => page.olderCursor }),
  }),
});

builder.objectField(ThreadRef, 'messages', (t) =>
  t.field({
    type: MessagePage,
    // Nullable so that an unreachable OpenCode costs this field, not the whole thread.
    nullable: true,
    description: `The last messages (at most ${LIMITS.messagesPageMax}) before the cursor \`before\` (an olderCursor), oldest first.`,
    args: { last: t.arg.int(), before: t.arg.id() },
    resolve: async (thread, args, ctx) => {
      const last = valid.pageSize(args.last, LIMITS.messagesPageMax, LIMITS.messagesPageDefault, 'last');
      const before = args.before == null ? undefined : valid.messageCursor(String(args.before));
      // OpenCode no longer has a STALE thread's messages: an empty history, not an error.
      if (thread.state === 'STALE') return { nodes: [], olderCursor: null };
      const page = await ctx.services.opencode.messages(thread.id, { limit: last, before });
      return { nodes: page.messages.map(toMessageView), olderCursor: page.olderCursor };
    },
  }),
);

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    threadId: t.id({ required: true }),
    text: t.string({ required: true, description: `1 to ${LIMITS.messageTextMaxChars} characters, not all blank.` }),
    idempotencyKey: t.string({ description: 'Sending again with the same key never sends twice: 8–128 of [A-Za-z0-9._:-].' }),
    awaitReply: t.boolean({ defaultValue: false, description: 'Wait for the finished assistant reply.' }),
    model: t.string({ description: '"provider/model"; OpenCode\'s default when unset.' }),
    agent: t.string({ description: 'OpenCode agent name; OpenCode\'s default when unset.' }),
  }),
});

const SendMessagePayload = builder.objectRef<{ message: MessageView; reply: MessageView | null }>('SendMessagePayload').implement({
  fields: (t) => ({
    message: t.field({ type: MessageRef, description: 'The accepted user message.', resolve: (p) => p.message }),
    reply: t.field({ type: MessageRef, nullable: true, description: 'With awaitReply: the finished reply.', resolve: (p) => p.reply }),
  }),
});

builder.mutationField('sendMessage', (t) =>
  t.field({
    type: SendMessagePayload,
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const threadId = valid.threadId(String(input.threadId));
      noteThread(ctx.request, threadId);
      const text = valid.messageText(input.text);
      const idempotencyKey = input.idempotencyKey == null ? undefined : valid.idempotencyKey(input.idempotencyKey);
      const model = input.model == null ? undefined : valid.model(input.model);
      const agent = input.agent == null ? undefined : valid.agent(input.agent);
      await ctx.services.threads.requireSession(threadId);
      return ctx.services.sender.send({ threadId, text, idempotencyKey, awaitReply: input.awaitReply ?? false, model, agent });
    },
  }),
);

const ReplyPermissionInput = builder.inputType('ReplyPermissionInput', {
  fields: (t) => ({
    threadId: t.id({ required: true }),
    permissionId: t.id({ required: true }),
    reply: t.field({ type: PermissionReplyEnum, required: true, description: 'ALWAYS lasts as long as the OpenCode process.' }),
  }),
});

builder.mutationField('replyPermission', (t) =>
  t.field({
    type: ThreadRef,
    args: { input: t.arg({ type: ReplyPermissionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const threadId = valid.threadId(String(input.threadId));
      const permissionId = valid.permissionId(String(input.permissionId));
      noteThread(ctx.request, threadId);
      const { mirror, opencode } = ctx.services;
      const pending = mirror.isLive()
        ? mirror.hasPermission(threadId, permissionId)
        : (await opencode.listPermissions()).some((p) => p.id === permissionId && p.sessionID === threadId);
      if (!pending) throw valid.unknownPermission(threadId, permissionId);
      await opencode.replyPermission(permissionId, input.reply.toLowerCase() as 'once' | 'always' | 'reject');
      return requireThread(ctx, threadId);
    },
  }),
);
