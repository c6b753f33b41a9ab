import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalesce.js';

describe('createCoalescer', () => {
  it('runs identical concurrent calls once and shares the result', async () => {
    const coalesce = createCoalescer();
    let runs = 0;
    const run = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return runs;
    };
    const results = await Promise.all([coalesce('a', run), coalesce('a', run), coalesce('a', run)]);
    expect(results).toEqual([1, 1, 1]);
    expect(runs).toBe(1);
  });

  it('keeps different keys apart and forgets settled calls', async () => {
    const coalesce = createCoalescer();
    let runs = 0;
    const run = async () => ++runs;
    await Promise.all([coalesce('a', run), coalesce('b', run)]);
    await coalesce('a', run);
    expect(runs).toBe(3);
  });

  it('shares a failure with every waiter, then lets the next call retry', async () => {
    const coalesce = createCoalescer();
    let runs = 0;
    const failing = async () => {
      runs += 1;
      throw new Error('down');
    };
    const outcomes = await Promise.allSettled([coalesce('a', failing), coalesce('a', failing)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await expect(coalesce('a', failing)).rejects.toThrow('down');
    expect(runs).toBe(2);
  });
});
