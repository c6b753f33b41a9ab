import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MirrorSignal } from '../threads/session-mirror.js';
import { settleAfterReload } from './upstream-settle.js';

function sources() {
  const listeners = new Set<(signal: MirrorSignal) => void>();
  const steps: string[] = [];
  return {
    steps,
    emit: (signal: MirrorSignal) => listeners.forEach((listener) => listener(signal)),
    listeners,
    mirror: { listen: (listener: (signal: MirrorSignal) => void) => (listeners.add(listener), () => listeners.delete(listener)) },
    health: { probe: async () => void steps.push('probe') },
  };
}

afterEach(() => vi.useRealTimers());

describe('settleAfterReload', () => {
  it('answers only after the stream dropped, the mirror is live again and a probe answered', async () => {
    const s = sources();
    const settled = settleAfterReload(s)().then(() => s.steps.push('settled'));
    s.emit({ type: 'down' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(s.steps).toEqual([]);
    s.emit({ type: 'live' });
    await settled;
    expect(s.steps).toEqual(['probe', 'settled']);
    expect(s.listeners.size).toBe(0);
  });

  it('goes on after a short wait when the reload never dropped the stream', async () => {
    vi.useFakeTimers();
    const s = sources();
    const settled = settleAfterReload(s)().then(() => s.steps.push('settled'));
    await vi.advanceTimersByTimeAsync(2_000);
    await settled;
    expect(s.steps).toEqual(['probe', 'settled']);
  });
});
