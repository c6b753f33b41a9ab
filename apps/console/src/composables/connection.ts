import { readonly, ref } from 'vue';
import { refreshAllPolls } from './polling';

/** Short enough that an operator waiting for a restarted gateway is not kept waiting long. */
const MAX_DELAY_S = 15;

const offline = ref(false);
/** Whole seconds until the next automatic try; 0 while a try is under way. */
const retryIn = ref(0);
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let countdown: ReturnType<typeof setInterval> | undefined;

function clearTimers() {
  clearTimeout(retryTimer);
  clearInterval(countdown);
  retryTimer = undefined;
  countdown = undefined;
}

/** Tries again now: every poller refreshes, and the first answer that arrives ends the outage. */
export function retryNow(): void {
  clearTimers();
  retryIn.value = 0;
  refreshAllPolls();
}

// The browser knows when the network is back before any timer does.
window.addEventListener('online', () => {
  if (offline.value) retryNow();
});

/** A request failed without an answer from the gateway. */
export function reportNetworkError(): void {
  offline.value = true;
  // Every query in flight fails at once; only the first failure after a try schedules the next one.
  if (retryTimer) return;
  const seconds = Math.min(MAX_DELAY_S, 2 ** attempt);
  attempt += 1;
  const due = Date.now() + seconds * 1000;
  retryIn.value = seconds;
  countdown = setInterval(() => {
    retryIn.value = Math.max(0, Math.ceil((due - Date.now()) / 1000));
  }, 1000);
  retryTimer = setTimeout(retryNow, seconds * 1000);
}

/** The gateway answered (with data or with a GraphQL error: either way it is there). */
export function reportReachable(): void {
  if (!offline.value) return;
  offline.value = false;
  attempt = 0;
  clearTimers();
  refreshAllPolls();
}

/** `ms` while the gateway is reachable; while it is not, polls wait for the reconnect's retries. */
export function pollInterval(ms: number): number {
  return offline.value ? Infinity : ms;
}

/** Whether the gateway is reachable, and the countdown to the next automatic try. */
export function useConnection() {
  return { offline: readonly(offline), retryIn: readonly(retryIn), retryNow };
}
