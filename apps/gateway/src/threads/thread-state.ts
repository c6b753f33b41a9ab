import type { OpencodeSession, OpencodeSessionStatus } from '@otto/opencode';
import { DEFAULT_SERVER, type Binding, type ThreadCacheEntry } from '@otto/store';

export type ThreadState = 'LIVE' | 'STALE' | 'UNKNOWN';
export type ThreadActivity = 'IDLE' | 'BUSY' | 'RETRY' | 'UNKNOWN';

export interface Thread {
  id: string;
  title: string;
  state: ThreadState;
  activity: ThreadActivity;
  binding: Binding | null;
  /** The OpenCode server that holds it. */
  server: string;
  createdAt: number | null;
  updatedAt: number | null;
  /** OpenCode's own record when it is known right now; carries usage. */
  session: OpencodeSession | null;
}

/** What one OpenCode server reported. */
export interface MirrorView {
  sessions: ReadonlyMap<string, OpencodeSession>;
  statuses: ReadonlyMap<string, OpencodeSessionStatus>;
}

/** What the OpenCode servers that could be asked reported (null: none could). */
export interface UpstreamView extends MirrorView {
  /** The servers whose sessions this view holds; a bound thread of any other is UNKNOWN, not STALE. */
  servers: ReadonlySet<string>;
  /** Which of them holds a session of this view. */
  serverOf(sessionId: string): string | undefined;
}

export interface MergeInput {
  bindings: readonly Binding[];
  upstream: UpstreamView | null;
  cache: ReadonlyMap<string, ThreadCacheEntry>;
  includeUnbound: boolean;
  /** Lower-cased; matches title, id or binding key. */
  search?: string;
}

/**
 * The thread index: bound sessions first, newest activity first, then (when asked) the sessions
 * OpenCode knows that no binding names. Bindings decide what is listed; OpenCode only decorates.
 */
export function mergeThreads(input: MergeInput): Thread[] {
  const { upstream, cache } = input;
  const bound = input.bindings.map((binding) => boundThread(binding, upstream, cache.get(binding.sessionId)));
  const threads = byNewestActivity(bound);
  if (input.includeUnbound && upstream) {
    const boundIds = new Set(input.bindings.map((binding) => binding.sessionId));
    const unbound = [...upstream.sessions.values()]
      .filter((session) => !boundIds.has(session.id))
      .map((session) => liveThread(session, null, upstream));
    threads.push(...byNewestActivity(unbound));
  }
  return input.search ? threads.filter((thread) => matches(thread, input.search as string)) : threads;
}

export function activityOf(status: OpencodeSessionStatus | undefined): ThreadActivity {
  if (!status || status.type === 'idle') return 'IDLE';
  return status.type === 'busy' ? 'BUSY' : 'RETRY';
}

export function liveThread(session: OpencodeSession, binding: Binding | null, upstream: UpstreamView): Thread {
  return {
    id: session.id,
    title: session.title,
    state: 'LIVE',
    activity: activityOf(upstream.statuses.get(session.id)),
    binding,
    server: upstream.serverOf(session.id) ?? binding?.server ?? DEFAULT_SERVER,
    createdAt: session.time.created,
    updatedAt: session.time.updated,
    session,
  };
}

function boundThread(binding: Binding, upstream: UpstreamView | null, cached: ThreadCacheEntry | undefined): Thread {
  const session = upstream?.sessions.get(binding.sessionId);
  if (upstream && session) return liveThread(session, binding, upstream);
  // Its server answered and does not have it → STALE; its server could not be asked → UNKNOWN.
  const answered = upstream?.servers.has(binding.server) ?? false;
  return {
    id: binding.sessionId,
    title: cached?.title ?? '',
    state: answered ? 'STALE' : 'UNKNOWN',
    activity: answered ? 'IDLE' : 'UNKNOWN',
    binding,
    server: binding.server,
    createdAt: cached?.createdAt ?? null,
    updatedAt: cached?.updatedAt ?? null,
    session: null,
  };
}

function lastActivity(thread: Thread): number {
  return thread.updatedAt ?? thread.binding?.boundAt ?? 0;
}

function byNewestActivity(threads: Thread[]): Thread[] {
  return threads.sort((a, b) => lastActivity(b) - lastActivity(a) || (a.id < b.id ? -1 : 1));
}

function matches(thread: Thread, needle: string): boolean {
  return (
    thread.title.toLowerCase().includes(needle) ||
    thread.id.toLowerCase().includes(needle) ||
    (thread.binding?.key.toLowerCase().includes(needle) ?? false)
  );
}
