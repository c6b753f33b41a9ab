import { onScopeDispose, watch } from 'vue';

export interface PollingOptions {
  /** Milliseconds to the next call, read again after every call; `Infinity` waits for a refresh. */
  interval: () => number;
}

/** A tab coming back fires both `visibilitychange` and `focus`; one refresh is enough. */
const WAKE_GAP_MS = 1000;

const pollers = new Set<() => void>();

/** Refreshes every live poller at once, e.g. when the gateway answers again after an outage. */
export function refreshAllPolls(): void {
  for (const refresh of pollers) refresh();
}

/**
 * Calls `fn` every `interval()` ms while the tab is visible, and at once when the tab becomes visible
 * or the window gets focus. Stops with the component (or effect scope) that created it.
 */
export function usePolling(fn: () => void, options: PollingOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastCall = -Infinity;
  const hidden = () => document.visibilityState === 'hidden';

  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const schedule = () => {
    stop();
    const ms = options.interval();
    if (!hidden() && Number.isFinite(ms)) timer = setTimeout(refresh, ms);
  };
  const refresh = () => {
    lastCall = Date.now();
    fn();
    schedule();
  };
  const wake = () => {
    if (hidden()) stop();
    else if (Date.now() - lastCall >= WAKE_GAP_MS) refresh();
    else schedule();
  };

  document.addEventListener('visibilitychange', wake);
  window.addEventListener('focus', wake);
  pollers.add(refresh);
  watch(options.interval, schedule);
  schedule();

  onScopeDispose(() => {
    stop();
    document.removeEventListener('visibilitychange', wake);
    window.removeEventListener('focus', wake);
    pollers.delete(refresh);
  });

  return { refresh };
}
