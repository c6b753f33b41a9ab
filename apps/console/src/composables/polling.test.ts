import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { refreshAllPolls, usePolling } from './polling';

let visibility: DocumentVisibilityState = 'visible';

function setVisibility(next: DocumentVisibilityState) {
  visibility = next;
  document.dispatchEvent(new Event('visibilitychange'));
}

function start(interval: () => number) {
  const fn = vi.fn();
  const scope = effectScope();
  const polling = scope.run(() => usePolling(fn, { interval }));
  return { fn, scope, polling };
}

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('usePolling', () => {
  it('calls fn on every interval', () => {
    const { fn, scope } = start(() => 1000);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3000);
    expect(fn).toHaveBeenCalledTimes(4);
    scope.stop();
  });

  it('follows a changing interval', async () => {
    const ms = ref(10_000);
    const { fn, scope } = start(() => ms.value);
    ms.value = 2000;
    await nextTick();
    vi.advanceTimersByTime(2000);
    expect(fn).toHaveBeenCalledTimes(1);
    scope.stop();
  });

  it('waits for a refresh while the interval is Infinity', () => {
    const { fn, scope } = start(() => Infinity);
    vi.advanceTimersByTime(60_000);
    expect(fn).not.toHaveBeenCalled();
    refreshAllPolls();
    expect(fn).toHaveBeenCalledTimes(1);
    scope.stop();
  });

  it('pauses while the tab is hidden and refreshes at once when it is visible again', () => {
    const { fn, scope } = start(() => 1000);
    setVisibility('hidden');
    vi.advanceTimersByTime(10_000);
    expect(fn).not.toHaveBeenCalled();
    setVisibility('visible');
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
    scope.stop();
  });

  it('refreshes when the window gets focus', () => {
    const { fn, scope } = start(() => 10_000);
    vi.advanceTimersByTime(5000);
    window.dispatchEvent(new Event('focus'));
    expect(fn).toHaveBeenCalledTimes(1);
    // The next poll counts from the refresh.
    vi.advanceTimersByTime(9999);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    scope.stop();
  });

  it('refreshes once when a returning tab fires both visibilitychange and focus', () => {
    const { fn, scope } = start(() => 10_000);
    setVisibility('hidden');
    setVisibility('visible');
    window.dispatchEvent(new Event('focus'));
    expect(fn).toHaveBeenCalledTimes(1);
    scope.stop();
  });

  it('refresh() calls fn now', () => {
    const { fn, scope, polling } = start(() => 10_000);
    polling?.refresh();
    expect(fn).toHaveBeenCalledTimes(1);
    scope.stop();
  });

  it('stops when its scope ends (component unmount)', () => {
    const { fn, scope } = start(() => 1000);
    scope.stop();
    vi.advanceTimersByTime(10_000);
    window.dispatchEvent(new Event('focus'));
    setVisibility('hidden');
    setVisibility('visible');
    refreshAllPolls();
    expect(fn).not.toHaveBeenCalled();
  });
});
