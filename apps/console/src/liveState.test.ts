import { describe, expect, it } from 'vitest';
import { initialLiveState, isSubscribing, LIVE_TIMING, nextLiveState, retryDelay, worstLiveState, type LiveEvent, type LiveState } from './liveState';

const T0 = 1_000_000;

/** Runs events in order, each `step` ms after the last. */
function run(events: LiveEvent[], state = initialLiveState(true), step = 10): LiveState {
  let now = T0;
  for (const event of events) {
    state = nextLiveState(state, event, now);
    now += step;
  }
  return state;
}

describe('the live/polling state machine', () => {
  it('starts by subscribing, and is live once the stream delivers its first bytes', () => {
    const start = initialLiveState(true);
    expect(start).toMatchObject({ mode: 'polling', reason: 'connecting', generation: 1 });
    expect(isSubscribing(start)).toBe(true);
    expect(run([{ type: 'opened' }])).toMatchObject({ mode: 'live', reason: null, retryAt: null, liveSince: T0 });
  });

  it('polls for good, never subscribing, where streaming is not supported', () => {
    const state = initialLiveState(false);
    expect(state.reason).toBe('unsupported');
    expect(isSubscribing(state)).toBe(false);
    expect(run([{ type: 'wake' }, { type: 'reachable' }, { type: 'due' }], state)).toEqual(state);
  });

  it('falls back to polling when the stream drops, and subscribes again when the backoff is due', () => {
    const dropped = run([{ type: 'opened' }, { type: 'ended', why: 'closed' }]);
    expect(dropped).toMatchObject({ mode: 'polling', reason: 'dropped', attempt: 1 });
    expect(isSubscribing(dropped)).toBe(false);
    expect(dropped.retryAt).toBe(T0 + 10 + retryDelay(0));
    const again = nextLiveState(dropped, { type: 'due' }, dropped.retryAt!);
    expect(again).toMatchObject({ mode: 'polling', reason: 'reconnecting', retryAt: null, generation: 2 });
    expect(isSubscribing(again)).toBe(true);
  });

  it('backs off further after each stream that did not last, and starts afresh after one that did', () => {
    const flapping = run([
      { type: 'ended', why: 'network' },
      { type: 'due' },
      { type: 'ended', why: 'network' },
      { type: 'due' },
      { type: 'ended', why: 'network' },
    ]);
    expect(flapping.attempt).toBe(3);
    expect(flapping.retryAt! - (T0 + 40)).toBe(retryDelay(2));

    const opened = nextLiveState(nextLiveState(flapping, { type: 'due' }, T0), { type: 'opened' }, T0);
    const endedLate = nextLiveState(opened, { type: 'ended', why: 'closed' }, T0 + LIVE_TIMING.stableMs);
    expect(endedLate.attempt).toBe(1);
    expect(endedLate.retryAt).toBe(T0 + LIVE_TIMING.stableMs + retryDelay(0));
  });

  it('caps the backoff, with jitter either side', () => {
    expect(retryDelay(0, 0)).toBe(750);
    expect(retryDelay(0, 0.999)).toBeLessThanOrEqual(1250);
    expect(retryDelay(20)).toBe(LIVE_TIMING.maxMs);
  });

  it('says "slow" after SLOW_CONSUMER and resubscribes soon', () => {
    const slow = run([{ type: 'opened' }, { type: 'ended', why: 'slow', detail: 'fell behind' }]);
    expect(slow).toMatchObject({ mode: 'polling', reason: 'slow', detail: 'fell behind' });
    expect(slow.retryAt! - (T0 + 10)).toBeLessThanOrEqual(LIVE_TIMING.baseMs * 1.25);
  });

  it('waits a while after a refusal, and longer after each, up to a few minutes', () => {
    const refused = run([{ type: 'ended', why: 'refused', detail: 'No such thread' }]);
    expect(refused).toMatchObject({ reason: 'refused', detail: 'No such thread' });
    expect(refused.retryAt! - T0).toBe(LIVE_TIMING.refusedMinMs);
    let state = refused;
    for (let i = 0; i < 10; i += 1) state = run([{ type: 'due' }, { type: 'ended', why: 'refused' }], state);
    expect(state.retryAt! - (T0 + 10)).toBe(LIVE_TIMING.refusedMaxMs);
  });

  it('gives up for good when the answer is not an event stream', () => {
    const state = run([{ type: 'ended', why: 'unsupported' }, { type: 'due' }, { type: 'wake' }]);
    expect(state).toMatchObject({ reason: 'unsupported', retryAt: null, generation: 1 });
  });

  it('while the gateway is unreachable, waits for it rather than a timer, then subscribes at once', () => {
    const offline = run([{ type: 'opened' }, { type: 'ended', why: 'network' }, { type: 'offline' }]);
    expect(offline).toMatchObject({ mode: 'polling', reason: 'offline', retryAt: null });
    expect(run([{ type: 'due' }, { type: 'wake' }], offline)).toEqual(offline);
    const back = nextLiveState(offline, { type: 'reachable' }, T0);
    expect(back).toMatchObject({ reason: 'reconnecting', generation: offline.generation + 1 });
  });

  it('drops a stream that is still open when the gateway stops answering other requests', () => {
    const state = run([{ type: 'opened' }, { type: 'offline' }]);
    expect(state).toMatchObject({ mode: 'polling', reason: 'offline' });
    expect(isSubscribing(state)).toBe(false);
  });

  it('starts over on wake (sleep, a network change, a silent stream), with a new generation', () => {
    const live = run([{ type: 'opened' }]);
    const woken = nextLiveState(live, { type: 'wake' }, T0 + 100);
    expect(woken).toMatchObject({ mode: 'polling', reason: 'reconnecting', generation: live.generation + 1 });
    expect(isSubscribing(woken)).toBe(true);
  });

  it('ignores what a subscription it already gave up on still reports', () => {
    const dropped = run([{ type: 'ended', why: 'closed' }]);
    expect(nextLiveState(dropped, { type: 'ended', why: 'network' }, T0 + 50)).toEqual(dropped);
    expect(nextLiveState(dropped, { type: 'opened' }, T0 + 50)).toEqual(dropped);
  });

  it('shows the stream furthest from live when there are several', () => {
    const live = run([{ type: 'opened' }]);
    const dropped = run([{ type: 'ended', why: 'closed' }]);
    const connecting = initialLiveState(true);
    expect(worstLiveState([live, connecting, dropped])).toBe(dropped);
    expect(worstLiveState([live, live])?.mode).toBe('live');
    expect(worstLiveState([])).toBeUndefined();
  });
});
