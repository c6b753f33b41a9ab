/**
 * Whether a live stream (a GraphQL subscription over server-sent events) is up, and if not, why and
 * when it is tried again. Pure: the composable that owns a stream feeds it events and acts on the
 * state it returns (subscribe when `generation` changes, tear down when no longer subscribing, poll
 * while not live, start a timer for `retryAt`).
 */

/** Why the console polls instead of following a stream. */
export type PollReason =
  /** The first subscribe is under way. */
  | 'connecting'
  /** A later subscribe is under way. */
  | 'reconnecting'
  /** The stream ended or broke; another try is due at `retryAt`. */
  | 'dropped'
  /** The gateway ended it with SLOW_CONSUMER: this reader fell too far behind. */
  | 'slow'
  /** The gateway does not answer at all; a try follows as soon as it does. */
  | 'offline'
  /** The gateway answered the subscribe with an error (not found, not allowed…). */
  | 'refused'
  /** This browser, or something between it and the gateway, cannot stream. Not tried again. */
  | 'unsupported';

/** How a subscription ended, as the composable reads it from urql's result. */
export type EndReason = 'closed' | 'network' | 'timeout' | 'slow' | 'refused' | 'unsupported';

export interface LiveState {
  mode: 'live' | 'polling';
  /** Null while live. */
  reason: PollReason | null;
  /** Subscribes in a row that did not last; sets the backoff. */
  attempt: number;
  /** When the next subscribe is due (epoch ms); null while one is under way or none is planned. */
  retryAt: number | null;
  /** Bumped for every new subscribe: whatever an older one still delivers is ignored. */
  generation: number;
  /** Since when the stream has been up (epoch ms). */
  liveSince: number | null;
  /** The gateway's own words, for `refused`. */
  detail: string | null;
}

export type LiveEvent =
  /** The first bytes of the event stream arrived. */
  | { type: 'opened' }
  | { type: 'ended'; why: EndReason; detail?: string }
  /** The timer for `retryAt` fired. */
  | { type: 'due' }
  /** A request to the gateway got no answer at all. */
  | { type: 'offline' }
  /** The gateway answers again. */
  | { type: 'reachable' }
  /** After sleep, a network change or a stream gone silent: start over. */
  | { type: 'wake' };

export const LIVE_TIMING = {
  baseMs: 1_000,
  maxMs: 30_000,
  /** A stream up this long counts as having worked: the backoff starts afresh after it. */
  stableMs: 30_000,
  /**
   * A refusal (no such thread, not allowed) seldom changes by itself: it is tried again after 15 s,
   * then less and less often, up to every 5 minutes. Each try is a row in the audit log.
   */
  refusedMinMs: 15_000,
  refusedMaxMs: 300_000,
} as const;

export function initialLiveState(supported: boolean): LiveState {
  return {
    mode: 'polling',
    reason: supported ? 'connecting' : 'unsupported',
    attempt: 0,
    retryAt: null,
    generation: supported ? 1 : 0,
    liveSince: null,
    detail: null,
  };
}

/** Whether a subscription should be open (or opening) now. */
export function isSubscribing(state: LiveState): boolean {
  return state.mode === 'live' || state.reason === 'connecting' || state.reason === 'reconnecting';
}

/** Exponential, capped, with ±25 % jitter (`random` in [0, 1)) so that many consoles do not return at once. */
export function retryDelay(attempt: number, random = 0.5, base: number = LIVE_TIMING.baseMs, max: number = LIVE_TIMING.maxMs): number {
  const ms = Math.min(max, base * 2 ** attempt);
  return Math.round(ms * (0.75 + random * 0.5));
}

function subscribeAgain(state: LiveState): LiveState {
  return { ...state, mode: 'polling', reason: 'reconnecting', retryAt: null, generation: state.generation + 1, liveSince: null, detail: null };
}

function ended(state: LiveState, why: EndReason, detail: string | undefined, now: number, random: number): LiveState {
  // A late end from a subscription already given up on changes nothing.
  if (!isSubscribing(state)) return state;
  const lasted = state.liveSince !== null && now - state.liveSince >= LIVE_TIMING.stableMs;
  const attempt = lasted ? 0 : state.attempt;
  const down = { ...state, mode: 'polling' as const, attempt: attempt + 1, liveSince: null, detail: detail ?? null };
  const delay = retryDelay(attempt, random);
  switch (why) {
    case 'unsupported':
      return { ...down, reason: 'unsupported', retryAt: null };
    case 'slow':
      return { ...down, reason: 'slow', retryAt: now + delay };
    case 'refused':
      return { ...down, reason: 'refused', retryAt: now + retryDelay(attempt, random, LIVE_TIMING.refusedMinMs, LIVE_TIMING.refusedMaxMs) };
    default:
      return { ...down, reason: 'dropped', retryAt: now + delay };
  }
}

export function nextLiveState(state: LiveState, event: LiveEvent, now: number, random = 0.5): LiveState {
  if (state.reason === 'unsupported') return state;
  switch (event.type) {
    case 'opened':
      return isSubscribing(state) ? { ...state, mode: 'live', reason: null, retryAt: null, liveSince: now, detail: null } : state;
    case 'ended':
      return ended(state, event.why, event.detail, now, random);
    case 'due':
      return state.retryAt !== null && !isSubscribing(state) ? subscribeAgain(state) : state;
    case 'offline':
      return state.reason === 'offline' ? state : { ...state, mode: 'polling', reason: 'offline', retryAt: null, liveSince: null, detail: null };
    case 'reachable':
      return state.reason === 'offline' ? subscribeAgain(state) : state;
    case 'wake':
      // Without the gateway there is nothing to start over with; `reachable` does it.
      return state.reason === 'offline' ? state : subscribeAgain(state);
  }
}

export const POLL_REASONS: Record<PollReason, string> = {
  connecting: 'connecting to live updates',
  reconnecting: 'reconnecting to live updates',
  dropped: 'live updates dropped',
  slow: 'live updates fell behind',
  offline: 'no connection',
  refused: 'live updates refused',
  unsupported: 'live updates are not supported here',
};

/** Which of several streams' states to show: the one furthest from live. */
const SEVERITY: Record<PollReason, number> = {
  unsupported: 7,
  offline: 6,
  refused: 5,
  slow: 4,
  dropped: 3,
  reconnecting: 2,
  connecting: 1,
};

export function worstLiveState(states: readonly LiveState[]): LiveState | undefined {
  let worst: LiveState | undefined;
  const rank = (state: LiveState) => (state.reason ? SEVERITY[state.reason] : 0);
  for (const state of states) if (!worst || rank(state) > rank(worst)) worst = state;
  return worst;
}
