import { describe, expect, it } from 'vitest';
import { mergeLatest, mergeOlder, type Message } from './messageHistory';

const message = (n: number, text = `m${n}`): Message => ({
  id: `msg_${String(n).padStart(3, '0')}`,
  role: 'USER',
  status: 'COMPLETE',
  text,
  createdAt: new Date(Date.UTC(2026, 10, 23, 9, 0, n)).toISOString(),
  agent: null,
  model: null,
  cost: null,
  tokens: null,
  error: null,
  parts: [],
});
const ids = (list: Message[]) => list.map((m) => m.id.slice(4));

describe('message history', () => {
  it('keeps messages the latest window slid past', () => {
    const shown = [1, 2, 3, 4].map((n) => message(n));
    expect(ids(mergeLatest(shown, [3, 4, 5].map((n) => message(n))))).toEqual(['001', '002', '003', '004', '005']);
  });

  it('takes the latest page as the truth from its first message on', () => {
    const shown = [1, 2, 3].map((n) => message(n));
    const merged = mergeLatest(shown, [message(2, 'edited'), message(4)]);
    expect(ids(merged)).toEqual(['001', '002', '004']);
    expect(merged[1]?.text).toBe('edited');
  });

  it('puts older pages in front without duplicates', () => {
    const shown = [4, 5].map((n) => message(n));
    expect(ids(mergeOlder(shown, [2, 3, 4].map((n) => message(n))))).toEqual(['002', '003', '004', '005']);
  });
});
