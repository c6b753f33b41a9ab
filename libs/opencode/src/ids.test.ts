import { describe, expect, it } from 'vitest';
import { newMessageId, newOpencodeId } from './ids.js';

describe('newMessageId', () => {
  it('has the shape of the ids OpenCode generates', () => {
    // A real one, from OpenCode 1.18.33: msg_207a04fa2001wxoqQapOtvExUT
    expect(newMessageId()).toMatch(/^msg_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
  });

  it('encodes the time like OpenCode does (ms × 4096 + counter, low 48 bits)', () => {
    // Fixed times far ahead of the clock, so earlier ids of this process cannot bump them.
    const id = newMessageId(4_000_000_000_000);
    const expected = ((4_000_000_000_000n * 4096n + 1n) & ((1n << 48n) - 1n)).toString(16);
    expect(id.slice(4, 16)).toBe(expected.padStart(12, '0'));
  });

  it('ascends strictly, within one millisecond and when the clock steps back', () => {
    const now = 4_100_000_000_000;
    const ids = [newMessageId(now), newMessageId(now), newMessageId(now), newMessageId(now - 5_000), newMessageId(now + 1)];
    const times = ids.map((id) => id.slice(4, 16));
    expect([...times].sort()).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });
});

describe('newOpencodeId', () => {
  it('makes session ids that sort newest first, like OpenCode\'s own (ses_df85… for msg_207a…)', () => {
    const older = newOpencodeId('ses', 4_200_000_000_000);
    const newer = newOpencodeId('ses', 4_200_000_000_001);
    expect(newer).toMatch(/^ses_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
    expect([older, newer].sort()).toEqual([newer, older]);
  });
});
