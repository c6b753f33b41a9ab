import type { OpencodeMessageWithParts, OpencodePart } from '@otto/opencode';
import { tokensOf, type Tokens } from '../threads/usage.js';

export type MessageRole = 'USER' | 'ASSISTANT';
export type MessageStatus = 'PENDING' | 'COMPLETE' | 'FAILED';
export type ToolStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'ERROR';

export type PartView =
  | { kind: 'text'; id: string; text: string }
  | { kind: 'reasoning'; id: string; text: string }
  | {
      kind: 'tool';
      id: string;
      callId: string;
      name: string;
      status: ToolStatus;
      title: string | null;
      input: unknown;
      output: string | null;
      error: string | null;
    }
  | { kind: 'file'; id: string; mime: string; filename: string | null; url: string }
  | { kind: 'patch'; id: string; hash: string; files: string[] }
  | { kind: 'step'; id: string; phase: 'START' | 'FINISH'; reason: string | null; cost: number | null; tokens: Tokens | null };

export interface MessageView {
  id: string;
  threadId: string;
  role: MessageRole;
  createdAt: number;
  completedAt: number | null;
  status: MessageStatus;
  text: string;
  parts: PartView[];
  error: { name: string; message: string } | null;
  model: { providerId: string; modelId: string } | null;
  agent: string | null;
  /** For a reply: the user message it answers. */
  parentId: string | null;
  cost: number | null;
  tokens: Tokens | null;
}

const TOOL_STATUS: Record<string, ToolStatus> = {
  pending: 'PENDING',
  running: 'RUNNING',
  completed: 'COMPLETED',
  error: 'ERROR',
};

/** OpenCode's part kinds that an operator reads; bookkeeping parts (snapshot, compaction…) are left out. */
export function toPartView(part: OpencodePart): PartView | null {
  switch (part.type) {
    case 'text':
      return part.synthetic || part.ignored ? null : { kind: 'text', id: part.id, text: part.text };
    case 'reasoning':
      return { kind: 'reasoning', id: part.id, text: part.text };
    case 'tool': {
      const { state } = part;
      return {
        kind: 'tool',
        id: part.id,
        callId: part.callID,
        name: part.tool,
        status: TOOL_STATUS[state.status] ?? 'PENDING',
        title: 'title' in state && state.title ? state.title : null,
        input: state.input,
        output: state.status === 'completed' ? state.output : null,
        error: state.status === 'error' ? state.error : null,
      };
    }
    case 'file':
      return { kind: 'file', id: part.id, mime: part.mime, filename: part.filename ?? null, url: part.url };
    case 'patch':
      return { kind: 'patch', id: part.id, hash: part.hash, files: part.files };
    case 'step-start':
      return { kind: 'step', id: part.id, phase: 'START', reason: null, cost: null, tokens: null };
    case 'step-finish':
      return { kind: 'step', id: part.id, phase: 'FINISH', reason: part.reason, cost: part.cost, tokens: tokensOf(part.tokens) };
    default:
      return null;
  }
}

export function toMessageView({ info, parts }: OpencodeMessageWithParts): MessageView {
  const views = parts.map(toPartView).filter((part): part is PartView => part !== null);
  const text = views
    .filter((part) => part.kind === 'text')
    .map((part) => part.text)
    .join('\n\n');
  if (info.role === 'user') {
    return {
      id: info.id,
      threadId: info.sessionID,
      role: 'USER',
      createdAt: info.time.created,
      completedAt: info.time.created,
      status: 'COMPLETE',
      text,
      parts: views,
      error: null,
      model: { providerId: info.model.providerID, modelId: info.model.modelID },
      agent: info.agent,
      parentId: null,
      cost: null,
      tokens: null,
    };
  }
  const error = info.error ? { name: info.error.name, message: errorMessage(info.error) } : null;
  return {
    id: info.id,
    threadId: info.sessionID,
    role: 'ASSISTANT',
    createdAt: info.time.created,
    completedAt: info.time.completed ?? null,
    status: error ? 'FAILED' : info.time.completed ? 'COMPLETE' : 'PENDING',
    text,
    parts: views,
    error,
    model: { providerId: info.providerID, modelId: info.modelID },
    agent: info.agent,
    parentId: info.parentID,
    cost: info.cost,
    tokens: tokensOf(info.tokens),
  };
}

function errorMessage(error: { name: string; data: unknown }): string {
  const message = (error.data as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : error.name;
}

/** The user message the gateway just sent, as OpenCode will store it (same id). */
export function acceptedUserMessage(input: {
  id: string;
  threadId: string;
  text: string;
  at: number;
  model: { providerId: string; modelId: string } | null;
  agent: string | null;
  /** Its attachments, after the text as OpenCode stores them. */
  files?: ReadonlyArray<{ mime: string; filename: string; url: string }>;
}): MessageView {
  return {
    id: input.id,
    threadId: input.threadId,
    role: 'USER',
    createdAt: input.at,
    completedAt: input.at,
    status: 'COMPLETE',
    text: input.text,
    parts: [
      { kind: 'text', id: `${input.id}:text`, text: input.text },
      ...(input.files ?? []).map((file, index): PartView => ({ kind: 'file', id: `${input.id}:file:${index}`, mime: file.mime, filename: file.filename, url: file.url })),
    ],
    error: null,
    model: input.model,
    agent: input.agent,
    parentId: null,
    cost: null,
    tokens: null,
  };
}
