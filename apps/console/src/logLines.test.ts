import { describe, expect, it } from 'vitest';
import { instantOfLocal, mergeNewer, toNdjson, type HeldLine } from './logLines';

const line = (cursor: string, at: string, message = cursor): HeldLine => ({ cursor, node: { at, level: 'INFO', source: 'gateway', message, fields: null } });

describe('log lines held on the Logs page', () => {
  it('puts the lines a poll brought on top, each once: the poll repeats the newest line it started from', () => {
    const held = [line('c3', '2026-11-27T10:00:03Z'), line('c2', '2026-11-27T10:00:02Z'), line('c1', '2026-11-27T10:00:01Z')];
    const polled = [line('c5', '2026-11-27T10:00:04Z'), line('c4', '2026-11-27T10:00:03Z'), line('c3', '2026-11-27T10:00:03Z')];
    const merged = mergeNewer(held, polled, 10);
    expect(merged.lines.map((l) => l.cursor)).toEqual(['c5', 'c4', 'c3', 'c2', 'c1']);
    expect(merged).toMatchObject({ added: 2, dropped: false });
    expect(mergeNewer(held, [held[0]!], 10)).toMatchObject({ added: 0, dropped: false });
  });

  it('holds at most the cap, dropping the oldest', () => {
    const held = [line('c2', '2026-11-27T10:00:02Z'), line('c1', '2026-11-27T10:00:01Z')];
    const merged = mergeNewer(held, [line('c3', '2026-11-27T10:00:03Z')], 2);
    expect(merged.lines.map((l) => l.cursor)).toEqual(['c3', 'c2']);
    expect(merged.dropped).toBe(true);
  });

  it('downloads as one JSON object a line', () => {
    const text = toNdjson([{ at: '2026-11-27T10:00:00.000Z', level: 'WARN', source: 'opencode', message: 'a "quoted"\nline', fields: { run: 'r' } }]);
    expect(text).toBe('{"at":"2026-11-27T10:00:00.000Z","level":"WARN","source":"opencode","message":"a \\"quoted\\"\\nline","fields":{"run":"r"}}\n');
    expect(text.split('\n').filter(Boolean).map((l) => JSON.parse(l))).toHaveLength(1);
  });

  it('reads a datetime-local value as an instant, and nothing while it is empty', () => {
    expect(instantOfLocal('')).toBeNull();
    expect(instantOfLocal('2026-11-27T10:30')).toBe(new Date(2026, 10, 27, 10, 30).toISOString());
  });
});
