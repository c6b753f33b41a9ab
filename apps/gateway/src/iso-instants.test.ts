import { describe, expect, it } from 'vitest';
import { IsoInstants } from './iso-instants.js';

describe('IsoInstants', () => {
  it('gives what toISOString gives, for any instant, again and again', () => {
    const instants = new IsoInstants();
    for (const ms of [0, 1, -1, 1_764_250_000_123, 8.64e15, -8.64e15, 1_700_000_000_000.5]) {
      expect(instants.of(ms)).toBe(new Date(ms).toISOString());
      expect(instants.of(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws as toISOString does for an instant that is none, and keeps nothing for it', () => {
    const instants = new IsoInstants();
    expect(() => instants.of(Number.NaN)).toThrow(RangeError);
    expect(() => instants.of(8.64e15 + 1)).toThrow(RangeError);
    expect(instants.size).toBe(0);
  });

  it('holds at most its bound, and still answers right once emptied', () => {
    const instants = new IsoInstants(100);
    for (let ms = 0; ms < 1_000; ms += 1) {
      expect(instants.of(ms * 1_000)).toBe(new Date(ms * 1_000).toISOString());
      expect(instants.size).toBeLessThanOrEqual(100);
    }
    expect(instants.of(5_000)).toBe('1970-01-01T00:00:05.000Z');
  });
});
