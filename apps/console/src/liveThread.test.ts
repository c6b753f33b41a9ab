import { describe, expect, it } from 'vitest';
import { applyThreadEvents, type ThreadData, type ThreadEvent, type ThreadShown } from './liveThread';
import type { Message } from './messageHistory';

const thread: ThreadData = {
  id: 'ses_a',
  title: 'A',
  state: 'LIVE',
  activity: 'IDLE',
  updatedAt: null,
  server: 'default',
  pinned: false,
  todos: [],
  revert: null,
  binding: null,
  usage: null,
  permissions: [],
  questions: [],
  messages: { hasOlder: false, olderCursor: null, nodes: [] },
};
const reply: Message = {
  id: 'msg_1',
  role: 'ASSISTANT',
  status: 'PENDING',
  text: '',
  createdAt: '2026-01-01T00:00:00Z',
  agent: null,
  model: null,
  cost: null,
  tokens: null,
  error: null,
  parts: [{ __typename: 'TextPart', id: 'prt_1', text: '' }],
};
const question = {
  id: 'que_1',
  threadId: 'ses_a',
  messageId: null,
  toolCallId: null,
  questions: [{ header: null, question: 'Which colour?', multiple: false, custom: true, options: [{ label: 'Red', description: null }] }],
};
const start: ThreadShown = { thread, messages: [reply] };

describe('applyThreadEvents', () => {
  it('grows a reply with its deltas, then takes the finished message', () => {
    const events: ThreadEvent[] = [
      { __typename: 'MessageDelta', messageId: 'msg_1', partId: 'prt_1', kind: 'TEXT', delta: 'Hi ' },
      { __typename: 'MessageDelta', messageId: 'msg_1', partId: 'prt_1', kind: 'TEXT', delta: 'there' },
    ];
    const grown = applyThreadEvents(start, events).shown;
    expect(grown.messages[0]?.text).toBe('Hi there');
    const finished = { ...reply, status: 'COMPLETE' as const, text: 'Hi there!', parts: [{ __typename: 'TextPart' as const, id: 'prt_1', text: 'Hi there!' }] };
    const done = applyThreadEvents(grown, [{ __typename: 'MessageUpdated', message: finished }]).shown;
    expect(done.messages).toEqual([finished]);
  });

  it('shows a permission or a question the moment it is asked, and takes it away once answered', () => {
    const asked = applyThreadEvents(start, [
      { __typename: 'PermissionAsked', permission: { id: 'per_1', permission: 'bash', patterns: ['ls'] } },
      { __typename: 'QuestionAsked', question },
    ]).shown;
    expect(asked.thread.permissions.map((p) => p.id)).toEqual(['per_1']);
    expect(asked.thread.questions.map((q) => q.id)).toEqual(['que_1']);
    const answered = applyThreadEvents(asked, [
      { __typename: 'PermissionReplied', permissionId: 'per_1' },
      { __typename: 'QuestionReplied', questionId: 'que_1' },
    ]).shown;
    expect(answered.thread.permissions).toEqual([]);
    expect(answered.thread.questions).toEqual([]);
  });

  it('asks for a fresh read when OpenCode is back for the thread (LIVE after UNKNOWN), not before', () => {
    const away = applyThreadEvents(start, [{ __typename: 'ThreadUpdated', thread: { ...thread, state: 'UNKNOWN', activity: 'UNKNOWN' } }]);
    expect(away.resync).toBe(false);
    expect(away.shown.thread.state).toBe('UNKNOWN');
    expect(away.shown.thread.permissions).toBe(thread.permissions);
    const back = applyThreadEvents(away.shown, [{ __typename: 'ThreadUpdated', thread: { ...thread, activity: 'BUSY' } }]);
    expect(back.resync).toBe(true);
    expect(back.shown.thread.activity).toBe('BUSY');
    expect(applyThreadEvents(back.shown, [{ __typename: 'ThreadUpdated', thread }]).resync).toBe(false);
  });
});
