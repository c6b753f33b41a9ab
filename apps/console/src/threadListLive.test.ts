import { describe, expect, it } from 'vitest';
import { listMayMove, patchList, type ThreadSummary } from './threadListLive';

const thread = (id: string, patch: Partial<ThreadSummary> = {}): ThreadSummary => ({
  id,
  title: id,
  state: 'LIVE',
  activity: 'IDLE',
  updatedAt: '2026-01-01T00:00:00Z',
  server: 'default',
  pinned: false,
  binding: { key: `key-${id}`, source: 'console', lastSeenAt: null },
  ...patch,
});

describe('the thread list, live', () => {
  const listed = [thread('ses_a'), thread('ses_b')];

  it('puts a changed thread in place', () => {
    const busy = thread('ses_b', { activity: 'BUSY', title: 'Renamed' });
    const patched = patchList(listed, new Map([['ses_b', busy]]));
    expect(patched[0]).toBe(listed[0]);
    expect(patched[1]).toMatchObject({ activity: 'BUSY', title: 'Renamed' });
  });

  it('reads the list again when a change may move a thread in, out or up', () => {
    expect(listMayMove(listed, thread('ses_new'))).toBe(true);
    expect(listMayMove(listed, thread('ses_b', { binding: null }))).toBe(true);
    expect(listMayMove(listed, thread('ses_b', { updatedAt: '2026-01-02T00:00:00Z' }))).toBe(true);
  });

  it('does not for a change in place, or newer activity of the first thread', () => {
    expect(listMayMove(listed, thread('ses_b', { activity: 'BUSY' }))).toBe(false);
    expect(listMayMove(listed, thread('ses_a', { updatedAt: '2026-01-02T00:00:00Z' }))).toBe(false);
  });
});
