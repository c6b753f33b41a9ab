import type { OpencodeMessageWithParts } from '@otto/opencode';
import { describe, expect, it } from 'vitest';
import { archiveCursor, fromArchive, positionOfCursor, toArchivedMessage } from './archived-message.js';

const base = { sessionID: 'ses_a', messageID: 'msg_2' };
const reply = {
  info: {
    id: 'msg_2',
    sessionID: 'ses_a',
    role: 'assistant',
    time: { created: 10, completed: 20 },
    parentID: 'msg_1',
    providerID: 'otto',
    modelID: 'scripted',
    agent: 'build',
    cost: 0.5,
    tokens: { input: 1, output: 2, reasoning: 0, cache: { read: 0, write: 0 } },
  },
  parts: [
    { ...base, id: 'prt_1', type: 'text', text: 'Listing.' },
    { ...base, id: 'prt_2', type: 'reasoning', text: 'hidden thoughts' },
    { ...base, id: 'prt_3', type: 'tool', callID: 'c1', tool: 'bash', state: { status: 'completed', input: { command: 'ls\n-la' }, output: 'a b', title: 'List files', metadata: {}, time: { start: 1, end: 2 } } },
    { ...base, id: 'prt_4', type: 'tool', callID: 'c2', tool: 'read', state: { status: 'pending', input: { filePath: '/x' } } },
    { ...base, id: 'prt_5', type: 'text', text: 'a note to self', synthetic: true },
    { ...base, id: 'prt_6', type: 'text', text: 'Done.' },
  ],
} as unknown as OpencodeMessageWithParts;

describe('an archived message', () => {
  it('keeps the text the thread shows and a line per tool call, not reasoning, tool output or synthetic text', () => {
    expect(toArchivedMessage(reply, 99)).toEqual({
      messageId: 'msg_2',
      threadId: 'ses_a',
      role: 'assistant',
      createdAt: 10,
      completedAt: 20,
      text: 'Listing.\n\nDone.',
      tools: 'bash: List files · ls -la\nread:',
      providerId: 'otto',
      modelId: 'scripted',
      agent: 'build',
      cost: 0.5,
      archivedAt: 99,
    });
  });

  it('reads back as a complete message holding its text', () => {
    expect(fromArchive(toArchivedMessage(reply, 99))).toMatchObject({
      id: 'msg_2',
      threadId: 'ses_a',
      role: 'ASSISTANT',
      status: 'COMPLETE',
      text: 'Listing.\n\nDone.',
      parts: [{ kind: 'text', id: 'msg_2:text', text: 'Listing.\n\nDone.' }],
      model: { providerId: 'otto', modelId: 'scripted' },
      cost: 0.5,
    });
  });

  it("pages by a cursor of its own, and finds no place in one of OpenCode's", () => {
    const archived = toArchivedMessage(reply, 99);
    expect(positionOfCursor(archiveCursor(archived))).toEqual({ createdAt: 10, messageId: 'msg_2' });
    expect(positionOfCursor('eyJpZCI6Im1zZ18xIn0=')).toBeNull();
  });
});
