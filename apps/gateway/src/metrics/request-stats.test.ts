import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { quantileMs, RequestStats } from './request-stats.js';

describe('quantileMs', () => {
  it('interpolates inside the bucket the quantile falls in, as histogram_quantile does', () => {
    // 50 under 10 ms, 40 more under 100 ms, the last 10 under 1 s: the 95th is halfway through the last.
    expect(quantileMs(0.95, [0.01, 0.1, 1, Infinity], [50, 90, 100, 100])).toBeCloseTo(550);
    expect(quantileMs(0.5, [0.01, 0.1, 1, Infinity], [50, 90, 100, 100])).toBeCloseTo(10);
  });

  it('answers the highest finite bound when the quantile is beyond it, and null when nothing was observed', () => {
    expect(quantileMs(0.95, [0.01, Infinity], [0, 10])).toBe(10);
    expect(quantileMs(0.95, [0.01, Infinity], [0, 0])).toBeNull();
  });
});

describe('RequestStats', () => {
  function histogram() {
    return new Histogram({ name: 'h_seconds', help: 'h', labelNames: ['operation_type'], buckets: [0.01, 0.1, 1], registers: [new Registry()] });
  }

  it('counts only what was answered within the window, over every operation type', async () => {
    let now = 1_000_000;
    const h = histogram();
    const stats = new RequestStats(h, { windowMs: 60_000, clock: () => now });
    // Before the window: 100 slow requests that must not count.
    for (let i = 0; i < 100; i += 1) h.observe({ operation_type: 'query' }, 0.5);
    await stats.sample();
    now += 30_000;
    await stats.sample();
    now += 40_000;
    // Within the window: 95 fast queries and 5 slow mutations in the last 40 s (the copy 30 s in is 40 s old).
    for (let i = 0; i < 95; i += 1) h.observe({ operation_type: 'query' }, 0.005);
    for (let i = 0; i < 5; i += 1) h.observe({ operation_type: 'mutation' }, 0.5);
    const figures = await stats.current();
    expect(figures.windowSeconds).toBe(40);
    expect(figures.ratePerSecond).toBeCloseTo(100 / 40);
    expect(figures.p95Ms).toBeCloseTo(10);
  });

  it('has no p95 and a rate of 0 when nothing was answered', async () => {
    let now = 0;
    const stats = new RequestStats(histogram(), { clock: () => now });
    expect(await stats.current()).toEqual({ ratePerSecond: 0, p95Ms: null, windowSeconds: 0 });
    await stats.sample();
    now += 5_000;
    expect(await stats.current()).toEqual({ ratePerSecond: 0, p95Ms: null, windowSeconds: 5 });
  });
});
