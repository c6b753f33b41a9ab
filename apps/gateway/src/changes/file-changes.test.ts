import type { OpencodeFileDiff, OpencodeMessage } from '@otto/opencode';
import { describe, expect, it } from 'vitest';
import { fileChangesOf } from './file-changes.js';

const user = (id: string, diffs: OpencodeFileDiff[]): OpencodeMessage => ({
  id,
  sessionID: 'ses_1',
  role: 'user',
  time: { created: 1 },
  summary: { diffs },
  agent: 'build',
  model: { providerID: 'scripted', modelID: 'scripted-model' },
});

const diff = (file: string, patch: string | undefined, additions: number, deletions: number, status?: OpencodeFileDiff['status']): OpencodeFileDiff => ({
  file,
  patch,
  additions,
  deletions,
  status,
});

const ADD_NOTES = 'Index: notes.txt\n--- notes.txt\t\n+++ notes.txt\t\n@@ -0,0 +1,2 @@\n+hello\n+world\n';
const EDIT_NOTES = 'Index: notes.txt\n--- notes.txt\t\n+++ notes.txt\t\n@@ -1,2 +1,2 @@\n hello\n-world\n+world two';

describe('fileChangesOf', () => {
  it('merges each user message\'s diffs per path, oldest first: counts summed, patches one after another', () => {
    const messages = [
      user('msg_1', [diff('notes.txt', ADD_NOTES, 2, 0, 'added')]),
      { ...user('msg_2', []), role: 'assistant' } as unknown as OpencodeMessage,
      user('msg_3', [diff('notes.txt', EDIT_NOTES, 1, 1, 'modified'), diff('a.txt', undefined, 0, 3, 'deleted')]),
    ];
    expect(fileChangesOf(messages)).toEqual([
      { path: 'a.txt', additions: 0, deletions: 3, patch: null, status: 'DELETED' },
      { path: 'notes.txt', additions: 3, deletions: 1, patch: `${ADD_NOTES}${EDIT_NOTES}\n`, status: 'ADDED' },
    ]);
  });

  it('leaves out the turns from the revert point on: their changes are undone', () => {
    const messages = [
      user('msg_1', [diff('kept.txt', '+a\n', 1, 0, 'modified')]),
      user('msg_2', [diff('undone.txt', '+b\n', 1, 0, 'added')]),
      user('msg_3', [diff('kept.txt', '+c\n', 1, 0, 'modified')]),
    ];
    expect(fileChangesOf(messages, 'msg_2')).toEqual([{ path: 'kept.txt', additions: 1, deletions: 0, patch: '+a\n', status: 'MODIFIED' }]);
    expect(fileChangesOf(messages, 'msg_1')).toEqual([]);
  });

  it('is empty for a thread whose messages changed nothing, or carry no summary yet', () => {
    const { summary: _none, ...bare } = user('msg_2', []) as OpencodeMessage & { summary?: unknown };
    expect(fileChangesOf([user('msg_1', []), bare as OpencodeMessage])).toEqual([]);
  });

  it('calls a file deleted by its last turn DELETED, even one an earlier turn created', () => {
    const messages = [user('msg_1', [diff('tmp.txt', '+x\n', 1, 0, 'added')]), user('msg_2', [diff('tmp.txt', '-x\n', 0, 1, 'deleted')])];
    expect(fileChangesOf(messages)).toMatchObject([{ path: 'tmp.txt', additions: 1, deletions: 1, status: 'DELETED' }]);
  });
});
