import { createFakeOpencode, type FakeOpencode } from '@otto/opencode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../../test/harness.js';
import { HealthMonitor, LATENCY_HISTORY, type HealthOptions } from './health.service.js';

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const closable of open.splice(0)) closable.close();
  vi.useRealTimers();
});

interface Watched {
  fake: FakeOpencode;
  health: HealthMonitor;
  recovered: number;
  healthy: number;
  downs: string[];
}

/** A monitor probed by hand (`probe()`), counting its callbacks; the timer is left to `start()`. */
function watch(options: Partial<HealthOptions> = {}): Watched {
  const fake = createFakeOpencode();
  // A stalled fake holds its requests: end the stall so nothing waits on after the test.
  open.push({ close: () => fake.stall(0) });
  const watched: Watched = {
    fake,
    recovered: 0,
    healthy: 0,
    downs: [],
    health: new HealthMonitor(fake, {
      intervalMs: 60_000,
      probeTimeoutMs: 50,
      mirrorLive: () => true,
      onRecovered: () => (watched.recovered += 1),
      onHealthy: () => (watched.healthy += 1),
      onDown: (reason) => watched.downs.push(reason),
      ...options,
    }),
  };
  open.push(watched.health);
  return watched;
}

describe('HealthMonitor', () => {
  it('reports DOWN before the first probe', () => {
    const { health } = watch();
    expect(health.current()).toMatchObject({ status: 'DOWN', lastError: 'not checked yet', lastSuccessAt: null });
  });

  it('reports UP with latency and version after a probe', async () => {
    const { health } = watch();
    await health.probe();
    const snapshot = health.current();
    expect(snapshot).toMatchObject({ status: 'UP', version: '1.18.33', lastError: null });
    expect(snapshot.latencyMs).toBeGreaterThanOrEqual(0);
    expect(snapshot.latencyMs).toBeLessThan(50);
    expect(snapshot.lastSuccessAt).toBe(snapshot.lastCheckAt);
  });

  it('probes on its timer once started', async () => {
    const watched = watch({ intervalMs: 5 });
    watched.health.start();
    await eventually(async () => watched.healthy >= 3, 2_000, 2);
    expect(watched.health.current().status).toBe('UP');
  });

  it('reports DOWN with the reason after a crash, and calls onDown with it', async () => {
    const { fake, health, downs } = watch();
    await health.probe();
    fake.crash();
    await health.probe();
    const snapshot = health.current();
    expect(snapshot).toMatchObject({ status: 'DOWN', latencyMs: null });
    expect(snapshot.lastError).toMatch(/unreachable/);
    expect(downs).toEqual([snapshot.lastError]);
    // When it last answered is kept: the console shows how long it has been gone.
    expect(snapshot.lastSuccessAt).not.toBeNull();
  });

  it('keeps no error from before OpenCode first answered, and keeps one from after', async () => {
    const { fake, health } = watch();
    fake.crash();
    await health.probe();
    expect(health.current().lastError).toMatch(/unreachable/);
    fake.restart();
    await health.probe();
    expect(health.current()).toMatchObject({ status: 'UP', lastError: null });
    fake.crash();
    await health.probe();
    fake.restart();
    await health.probe();
    expect(health.current()).toMatchObject({ status: 'UP', lastError: expect.stringMatching(/unreachable/) });
  });

  it('calls onRecovered once when OpenCode answers again after a restart', async () => {
    const watched = watch();
    await watched.health.probe();
    expect(watched.recovered).toBe(1);
    await watched.health.probe();
    expect(watched.recovered).toBe(1);

    watched.fake.crash();
    await watched.health.probe();
    await watched.health.probe();
    expect(watched.recovered).toBe(1);

    watched.fake.restart();
    await watched.health.probe();
    await watched.health.probe();
    expect(watched.recovered).toBe(2);
    expect(watched.healthy).toBe(4);
    expect(watched.health.current().status).toBe('UP');
  });

  it('reports a stalled OpenCode DOWN after probeTimeoutMs, not after the stall', async () => {
    const { fake, health, downs } = watch({ probeTimeoutMs: 50 });
    await health.probe();
    fake.stall(5_000);
    const started = performance.now();
    await health.probe();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(1_000);
    expect(health.current()).toMatchObject({ status: 'DOWN', lastError: 'OpenCode did not answer global.health in time' });
    expect(downs).toHaveLength(1);
  });

  it('shares one probe among callers while it is in flight', async () => {
    const { fake, health } = watch();
    fake.stall(10);
    await Promise.all([health.probe(), health.probe(), health.probe()]);
    expect(fake.calls.filter((call) => call === 'global.health')).toHaveLength(1);
  });

  it('reports DEGRADED while the mirror is not live, and UP again once it is', async () => {
    let mirrorLive = false;
    const { health } = watch({ mirrorLive: () => mirrorLive });
    await health.probe();
    expect(health.current().status).toBe('DEGRADED');
    expect(health.current().version).toBe('1.18.33');
    mirrorLive = true;
    expect(health.current().status).toBe('UP');
  });

  it('reports a slow but healthy answer DEGRADED, saying how slow', async () => {
    const watched = watch({ slowMs: 10, probeTimeoutMs: 500 });
    watched.fake.stall(30);
    await watched.health.probe();
    const snapshot = watched.health.current();
    expect(snapshot.status).toBe('DEGRADED');
    // Timers may fire a fraction early: the stall is 30 ms, so well over slowMs either way.
    expect(snapshot.latencyMs).toBeGreaterThan(20);
    expect(snapshot.lastError).toMatch(/^health answered in \d+ ms$/);
    expect(watched.downs).toEqual([]);
    expect(watched.healthy).toBe(1);
  });

  it('keeps each probe of the last hour for the chart: its latency, or null while OpenCode was down', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
    const { fake, health } = watch();
    await health.probe();
    fake.crash();
    vi.setSystemTime(5_000);
    await health.probe();
    fake.restart();
    vi.setSystemTime(10_000);
    await health.probe();
    const history = health.latencyHistory();
    expect(history.map((sample) => sample.at)).toEqual([0, 5_000, 10_000]);
    expect(history.map((sample) => sample.latencyMs === null)).toEqual([false, true, false]);
    // An hour later the first two are gone; the third is exactly an hour old and stays.
    vi.setSystemTime(10_000 + LATENCY_HISTORY.spanMs);
    expect(health.latencyHistory().map((sample) => sample.at)).toEqual([10_000]);
  });

  it('keeps at most maxSamples probes, the newest', async () => {
    const { health } = watch();
    for (let i = 0; i < LATENCY_HISTORY.maxSamples + 3; i += 1) await health.probe();
    expect(health.latencyHistory()).toHaveLength(LATENCY_HISTORY.maxSamples);
  });
});
