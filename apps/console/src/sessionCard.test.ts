import { describe, expect, it } from 'vitest';
import type { Message } from './messageHistory';
import { CARD_CHARS, firstLines, lastReply } from './sessionCard';

// Only what a card reads of a message; the rest of the fragment does not matter here.
const message = (id: string, role: Message['role'], text: string, status: Message['status'] = 'COMPLETE'): Message =>
  ({ id, role, status, text, createdAt: `2026-01-01T00:00:0${id.slice(-1)}Z` }) as Partial<Message> as Message;

describe('lastReply', () => {
  it('is nothing before the agent answered', () => {
    expect(lastReply([message('m1', 'USER', 'hello')])).toBeNull();
  });

  it("shows the newest reply's first lines", () => {
    const reply = lastReply([message('m1', 'USER', 'hi'), message('m2', 'ASSISTANT', '\nline one\n\nline two\nthree\nfour\nfive')]);
    expect(reply).toEqual({ excerpt: 'line one\nline two\nthree\nfour…', more: true, createdAt: '2026-01-01T00:00:02Z', working: false, failed: false });
  });

  it('keeps the last words shown while the agent works on a step with no text yet', () => {
    const reply = lastReply([message('m1', 'ASSISTANT', 'I will look.'), message('m2', 'USER', 'go on'), message('m3', 'ASSISTANT', '', 'PENDING')]);
    expect(reply).toMatchObject({ excerpt: 'I will look.', working: true, createdAt: '2026-01-01T00:00:03Z' });
  });

  it('says a reply failed', () => {
    expect(lastReply([message('m1', 'ASSISTANT', '', 'FAILED')])).toMatchObject({ excerpt: '', failed: true });
  });
});

describe('firstLines', () => {
  it('cuts a long line', () => {
    const { excerpt, more } = firstLines('x'.repeat(CARD_CHARS + 50));
    expect(more).toBe(true);
    expect(excerpt).toHaveLength(CARD_CHARS + 1);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('leaves a short text whole', () => {
    expect(firstLines('done.')).toEqual({ excerpt: 'done.', more: false });
  });
});
