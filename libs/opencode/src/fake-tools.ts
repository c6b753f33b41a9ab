import type { ToolPart } from '@opencode-ai/sdk/v2';
import { newOpencodeId } from './ids.js';
import type { StoredMessage } from './fake-records.js';
import type { OpencodeFileDiff, OpencodeTodo } from './types.js';

// The fake's records of the agent's own tools, which run without asking anyone: `todowrite` and `write`,
// shaped as OpenCode 1.18.33 stores them.

/** A file the agent writes in a turn: the diff OpenCode records for it in the user message's summary. */
export interface FakeEdit {
  file: string;
  /** A unified diff of the file, as OpenCode words it (`Index: <file>`, `---`, `+++`, hunks). */
  patch: string;
  additions: number;
  deletions: number;
  status?: 'added' | 'deleted' | 'modified';
}

function completedCall(message: StoredMessage, tool: string, input: Record<string, unknown>, title: string, output: string): ToolPart {
  const now = Date.now();
  return {
    id: newOpencodeId('prt'),
    sessionID: message.info.sessionID,
    messageID: message.info.id,
    type: 'tool',
    callID: `call_${newOpencodeId('prt').slice(-8)}`,
    tool,
    state: { status: 'completed', input, output, title, metadata: {}, time: { start: now, end: now } },
  };
}

export function todowriteCall(message: StoredMessage, todos: OpencodeTodo[]): ToolPart {
  const open = todos.filter((todo) => todo.status !== 'completed').length;
  return completedCall(message, 'todowrite', { todos: structuredClone(todos) }, `${open} todos`, JSON.stringify(todos, null, 2));
}

export function writeCall(message: StoredMessage, edit: FakeEdit): ToolPart {
  return completedCall(message, 'write', { filePath: edit.file, content: '' }, edit.file, 'Wrote file successfully.');
}

/** The diff as the user message's `summary.diffs` holds it. */
export function fileDiffOf(edit: FakeEdit): OpencodeFileDiff {
  return { file: edit.file, patch: edit.patch, additions: edit.additions, deletions: edit.deletions, status: edit.status ?? 'modified' };
}
