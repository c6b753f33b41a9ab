import type { Registry } from 'prom-client';

export interface ProcessFigures {
  uptimeSeconds: number;
  rssBytes: number;
  /** The 99th percentile of how late the event loop ran a timer, since the figures were last read. */
  eventLoopDelayMs: number;
}

/**
 * prom-client samples the delay with a 10 ms timer and records each interval whole, so an idle loop
 * reads 10 ms; what the timer was late by is what is left.
 */
const EVENT_LOOP_SAMPLING_MS = 10;

/** The gateway process as its default metrics see it, read from the registry /metrics exports. */
export async function processFigures(registry: Registry): Promise<ProcessFigures> {
  const value = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
  // The event-loop gauges are all set when this one is collected.
  await value('nodejs_eventloop_lag_seconds');
  const delayMs = (await value('nodejs_eventloop_lag_p99_seconds')) * 1000;
  return {
    uptimeSeconds: Math.max(0, Date.now() / 1000 - (await value('process_start_time_seconds'))),
    rssBytes: await value('process_resident_memory_bytes'),
    eventLoopDelayMs: Math.max(0, delayMs - EVENT_LOOP_SAMPLING_MS),
  };
}
