import { builder } from '../builder.js';
import { DateTime, JSONScalar } from '../scalars.js';
import { TokenUsage } from '../threads/usage.types.js';
import type { MessageView, PartView } from './message-view.js';

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

export const MessagePage = builder.objectRef<{ nodes: MessageView[]; olderCursor: string | null }>('MessagePage').implement({
  description: 'The newest messages, oldest first; page back with before: olderCursor.',
  fields: (t) => ({
    nodes: t.field({ type: [MessageRef], resolve: (page) => page.nodes }),
    hasOlder: t.boolean({ resolve: (page) => page.olderCursor !== null }),
    olderCursor: t.id({ nullable: true, description: 'Opaque; pass it as before to read the page before these.', resolve: (page) => page.olderCursor }),
  }),
});

export const SendMessagePayload = builder.objectRef<{ message: MessageView; reply: MessageView | null }>('SendMessagePayload').implement({
  fields: (t) => ({
    message: t.field({ type: MessageRef, description: 'The accepted user message.', resolve: (p) => p.message }),
    reply: t.field({ type: MessageRef, nullable: true, description: 'With awaitReply: the finished reply.', resolve: (p) => p.reply }),
  }),
});
