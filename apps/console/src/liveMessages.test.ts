import { describe, expect, it } from 'vitest';
import { applyDelta, mergeFetched, upsertMessage } from './liveMessages';
import type { Message } from './messageHistory';

function message(id: string, at: string, parts: Message['parts'] = [], patch: Partial<Message> = {}): Message {
  return { id, role: 'ASSISTANT', status: 'PENDING', text: '', createdAt: at, agent: null, model: null, cost: null, tokens: null, error: null, parts, ...patch };
}
const text = (id: string, value: string) => ({ __typename: 'TextPart' as const, id, text: value });

describe('applyDelta', () => {
  it('grows a reply part by part: its deltas joined are its text', () => {
    let list: readonly Message[] = [message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', '')])];
    for (const delta of ['Hel', 'lo, ', 'world']) list = applyDelta(list, { messageId: 'msg_1', partId: 'prt_1', kind: 'TEXT', delta });
    expect(list[0]?.parts).toEqual([text('prt_1', 'Hello, world')]);
    expect(list[0]?.text).toBe('Hello, world');
  });

  it('starts a part it has not seen, as text or reasoning', () => {
    let list: readonly Message[] = [message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', 'one')])];
    list = applyDelta(list, { messageId: 'msg_1', partId: 'prt_0', kind: 'REASONING', delta: 'hmm' });
    list = applyDelta(list, { messageId: 'msg_1', partId: 'prt_2', kind: 'TEXT', delta: 'two' });
    expect(list[0]?.parts).toEqual([text('prt_1', 'one'), { __typename: 'ReasoningPart', id: 'prt_0', text: 'hmm' }, text('prt_2', 'two')]);
    expect(list[0]?.text).toBe('one\n\ntwo');
  });

  it('leaves the list as it is for a message it does not show (the whole message follows)', () => {
    const list = [message('msg_1', '2026-01-01T00:00:00Z')];
    expect(applyDelta(list, { messageId: 'msg_9', partId: 'prt_1', kind: 'TEXT', delta: 'x' })).toBe(list);
  });

  it('keeps every other message as it was, so only the growing one renders again', () => {
    const list = [message('msg_1', '2026-01-01T00:00:00Z'), message('msg_2', '2026-01-01T00:00:01Z', [text('prt_1', '')])];
    const next = applyDelta(list, { messageId: 'msg_2', partId: 'prt_1', kind: 'TEXT', delta: 'x' });
    expect(next[0]).toBe(list[0]);
    expect(next[1]).not.toBe(list[1]);
  });
});

describe('upsertMessage', () => {
  it('replaces what was shown with the whole message (a slow reader that missed deltas)', () => {
    const list = [message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', 'Hel')])];
    const whole = message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', 'Hello')], { status: 'COMPLETE', text: 'Hello' });
    expect(upsertMessage(list, whole)).toEqual([whole]);
  });

  it('puts a new message in time order', () => {
    const list = [message('msg_1', '2026-01-01T00:00:00Z'), message('msg_3', '2026-01-01T00:00:02Z')];
    expect(upsertMessage(list, message('msg_2', '2026-01-01T00:00:01Z')).map((m) => m.id)).toEqual(['msg_1', 'msg_2', 'msg_3']);
  });
});

describe('mergeFetched', () => {
  it('keeps the streamed text of a reply that a fetched page shows shorter', () => {
    const shown = [message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', 'Hello, wor')], { text: 'Hello, wor' })];
    const fetched = [message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', 'Hello')], { text: 'Hello' })];
    expect(mergeFetched(shown, fetched, true)[0]?.text).toBe('Hello, wor');
    expect(mergeFetched(shown, fetched, false)[0]?.text).toBe('Hello, wor');
  });

  it('takes the fetched text when it is not where the shown one started, or the reply is finished', () => {
    const shown = [message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', 'Hello, wor')])];
    const other = [message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', 'Bye')])];
    expect(mergeFetched(shown, other, true)[0]?.parts).toEqual([text('prt_1', 'Bye')]);
    const done = [message('msg_1', '2026-01-01T00:00:00Z', [text('prt_1', 'Hello')], { status: 'COMPLETE' })];
    expect(mergeFetched(shown, done, true)[0]?.parts).toEqual([text('prt_1', 'Hello')]);
  });

  it('while live, keeps messages the stream told of that are newer than the page; older ones before it always', () => {
    const shown = [message('msg_0', '2026-01-01T00:00:00Z'), message('msg_1', '2026-01-01T00:00:01Z'), message('msg_3', '2026-01-01T00:00:03Z')];
    const page = [message('msg_1', '2026-01-01T00:00:01Z'), message('msg_2', '2026-01-01T00:00:02Z')];
    expect(mergeFetched(shown, page, true).map((m) => m.id)).toEqual(['msg_0', 'msg_1', 'msg_2', 'msg_3']);
    expect(mergeFetched(shown, page, false).map((m) => m.id)).toEqual(['msg_0', 'msg_1', 'msg_2']);
  });
});
