import type { OpencodeMessageWithParts } from '@otto/opencode';
import type { ArchivedMessage, ArchivePosition } from '@otto/store';
import { toMessageView, type MessageView } from '../messages/message-view.js';

const TOOL_LINE_MAX_CHARS = 200;

/** What the archive keeps of a message: its text as the thread shows it, and a line per tool call. */
export function toArchivedMessage(message: OpencodeMessageWithParts, archivedAt: number): ArchivedMessage {
  const view = toMessageView(message);
  const tools = view.parts.flatMap((part) => (part.kind === 'tool' ? [toolLine(part.name, part.title, part.input)] : []));
  return {
    messageId: view.id,
    threadId: view.threadId,
    role: view.role === 'USER' ? 'user' : 'assistant',
    createdAt: view.createdAt,
    completedAt: view.completedAt,
    text: view.text,
    tools: tools.join('\n'),
    providerId: view.model?.providerId ?? null,
    modelId: view.model?.modelId ?? null,
    agent: view.agent,
    cost: view.cost,
    archivedAt,
  };
}

// `bash: List files · ls -la`: the title OpenCode gave the call and the command it ran, on one line.
function toolLine(name: string, title: string | null, input: unknown): string {
  const command = (input as { command?: unknown } | null)?.command;
  const what = [title, typeof command === 'string' ? command : null].filter((item, index, all): item is string => !!item && all.indexOf(item) === index);
  return `${name}: ${what.join(' · ').replace(/\s+/g, ' ')}`.trim().slice(0, TOOL_LINE_MAX_CHARS);
}

/** An archived message as the thread shows it: its text only, complete. */
export function fromArchive(message: ArchivedMessage): MessageView {
  return {
    id: message.messageId,
    threadId: message.threadId,
    role: message.role === 'user' ? 'USER' : 'ASSISTANT',
    createdAt: message.createdAt,
    completedAt: message.completedAt,
    status: 'COMPLETE',
    text: message.text,
    parts: message.text ? [{ kind: 'text', id: `${message.messageId}:text`, text: message.text }] : [],
    error: null,
    model: message.providerId && message.modelId ? { providerId: message.providerId, modelId: message.modelId } : null,
    agent: message.agent,
    parentId: null,
    cost: message.cost,
    tokens: null,
  };
}

// The messages query's cursor for an archived page: where the page starts. OpenCode's own cursors
// never look like this, and one of them handed back for a thread that went STALE is no position here.
const CURSOR = /^archived-(\d{1,16})-([A-Za-z0-9_]{1,100})$/;

export function archiveCursor(message: ArchivedMessage): string {
  return `archived-${message.createdAt}-${message.messageId}`;
}

/** The position a cursor names; null when it is not an archive cursor. */
export function positionOfCursor(cursor: string): ArchivePosition | null {
  const match = CURSOR.exec(cursor);
  return match ? { createdAt: Number(match[1]), messageId: match[2] as string } : null;
}
