import type { MirrorSignal } from '../threads/session-mirror.js';

export interface SettleSources {
  mirror: { listen(listener: (signal: MirrorSignal) => void): () => void };
  health: { probe(): Promise<void> };
}

/** How long a reload's end of the event stream may take to show; OpenCode ends it while it disposes. */
const DROP_WAIT_MS = 2_000;
/** How long the mirror may take to be live again once the stream dropped. */
const LIVE_WAIT_MS = 15_000;

/**
 * Starts listening before a reload and, once it is done, waits until the gateway has seen its
 * effects through: the event stream dropped, the mirror live again, and a health probe answered. A
 * mutation that returned earlier would let the next send meet the drop's health probe while
 * OpenCode is still loading, and be cut off as if OpenCode had stopped.
 */
export function settleAfterReload(sources: SettleSources): () => Promise<void> {
  let dropped = false;
  let resolveLive: (() => void) | undefined;
  const live = new Promise<void>((resolve) => (resolveLive = resolve));
  let droppedNow: (() => void) | undefined;
  const drop = new Promise<void>((resolve) => (droppedNow = resolve));
  const stop = sources.mirror.listen((signal) => {
    if (signal.type === 'down') {
      dropped = true;
      droppedNow?.();
    } else if (signal.type === 'live' && dropped) resolveLive?.();
  });
  const within = (promise: Promise<void>, ms: number) =>
    Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
  return async () => {
    try {
      await within(drop, DROP_WAIT_MS);
      if (dropped) await within(live, LIVE_WAIT_MS);
      await sources.health.probe();
    } finally {
      stop();
    }
  };
}
