import type { OpencodeSession } from '@otto/opencode';
import type { Binding, ThreadCacheEntry } from '@otto/store';
import { describe, expect, it } from 'vitest';
import { mergeThreads, type UpstreamView } from './thread-state.js';

const session = (id: string, updated: number, title = `title ${id}`): OpencodeSession =>
  ({ id, title, time: { created: updated - 100, updated } }) as OpencodeSession;
const binding = (sessionId: string, boundAt: number, key = `telegram:${sessionId}`, server = 'default'): Binding => ({
  sessionId,
  key,
  source: 'telegram',
  boundAt,
  lastSeenAt: null,
  server,
});
const view = (sessions: OpencodeSession[], busy: string[] = [], server = 'default'): UpstreamView => {
  const held = new Map(sessions.map((s) => [s.id, s]));
  return {
    sessions: held,
    statuses: new Map(busy.map((id) => [id, { type: 'busy' } as const])),
    servers: new Set([server]),
    serverOf: (id) => (held.has(id) ? server : undefined),
  };
};
const noCache = new Map<string, ThreadCacheEntry>();

describe('mergeThreads', () => {
  it('lists bound threads first, newest activity first, then unbound ones when asked', () => {
    const upstream = view([session('ses_a', 100), session('ses_b', 300), session('ses_c', 900), session('ses_d', 50)]);
    const bindings = [binding('ses_a', 10), binding('ses_b', 20)];
    const withoutUnbound = mergeThreads({ bindings, upstream, cache: noCache, includeUnbound: false });
    expect(withoutUnbound.map((t) => t.id)).toEqual(['ses_b', 'ses_a']);
    const all = mergeThreads({ bindings, upstream, cache: noCache, includeUnbound: true });
    expect(all.map((t) => t.id)).toEqual(['ses_b', 'ses_a', 'ses_c', 'ses_d']);
    expect(all.map((t) => t.binding?.key ?? null)).toEqual(['telegram:ses_b', 'telegram:ses_a', null, null]);
  });

  it('marks a bound session OpenCode no longer has as STALE, keeping its cached title', () => {
    const cache = new Map([['ses_gone', { sessionId: 'ses_gone', title: 'old work', createdAt: 1, updatedAt: 500, cachedAt: 2 }]]);
    const [stale] = mergeThreads({ bindings: [binding('ses_gone', 5)], upstream: view([]), cache, includeUnbound: false });
    expect(stale).toMatchObject({ id: 'ses_gone', state: 'STALE', activity: 'IDLE', title: 'old work', updatedAt: 500 });
  });

  it('lists bound threads as UNKNOWN from the cache when OpenCode cannot be asked, and no unbound ones', () => {
    const cache = new Map([['ses_a', { sessionId: 'ses_a', title: 'cached a', createdAt: 1, updatedAt: 700, cachedAt: 2 }]]);
    const threads = mergeThreads({
      bindings: [binding('ses_a', 5), binding('ses_b', 9)],
      upstream: null,
      cache,
      includeUnbound: true,
    });
    expect(threads.map((t) => [t.id, t.state, t.activity, t.title])).toEqual([
      ['ses_a', 'UNKNOWN', 'UNKNOWN', 'cached a'],
      ['ses_b', 'UNKNOWN', 'UNKNOWN', ''],
    ]);
  });

  it('orders mixed states by last activity, falling back to the binding time', () => {
    const upstream = view([session('ses_live', 400)], ['ses_live']);
    const threads = mergeThreads({
      bindings: [binding('ses_live', 1), binding('ses_stale', 800)],
      upstream,
      cache: noCache,
      includeUnbound: false,
    });
    expect(threads.map((t) => [t.id, t.state, t.activity])).toEqual([
      ['ses_stale', 'STALE', 'IDLE'],
      ['ses_live', 'LIVE', 'BUSY'],
    ]);
  });

  it('searches title, id and binding key case-insensitively', () => {
    const upstream = view([session('ses_a', 1, 'Fix the Build'), session('ses_b', 2, 'other'), session('ses_c', 3, 'x')]);
    const bindings = [binding('ses_a', 1), binding('ses_b', 2, 'scheduler:nightly')];
    const search = (needle: string) =>
      mergeThreads({ bindings, upstream, cache: noCache, includeUnbound: true, search: needle }).map((t) => t.id);
    expect(search('build')).toEqual(['ses_a']);
    expect(search('nightly')).toEqual(['ses_b']);
    expect(search('ses_c')).toEqual(['ses_c']);
  });

  it('calls a bound thread UNKNOWN when its own server could not be asked, STALE when it answered without it', () => {
    const upstream = view([session('ses_web', 500)], [], 'web');
    const threads = mergeThreads({
      bindings: [binding('ses_web', 1, 'k1', 'web'), binding('ses_gone', 2, 'k2', 'web'), binding('ses_ml', 3, 'k3', 'ml')],
      upstream,
      cache: noCache,
      includeUnbound: false,
    });
    expect(threads.map((t) => [t.id, t.state, t.server])).toEqual([
      ['ses_web', 'LIVE', 'web'],
      ['ses_ml', 'UNKNOWN', 'ml'],
      ['ses_gone', 'STALE', 'web'],
    ]);
  });
});
