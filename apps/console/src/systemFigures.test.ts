import { describe, expect, it } from 'vitest';
import { describeLatency, formatBytes, formatMs, formatRate, formatUptime, sparkline, summarizeLatency, type LatencyPoint } from './systemFigures';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds)).toISOString();
const points = (...latencies: Array<number | null>): LatencyPoint[] => latencies.map((latencyMs, index) => ({ at: at(index * 5), latencyMs }));

describe('the figures as text', () => {
  it('reads uptime, memory, durations and rates the way an operator says them', () => {
    expect([formatUptime(42), formatUptime(725), formatUptime(3 * 3600 + 5 * 60), formatUptime(2 * 86_400 + 4 * 3600)]).toEqual(['42 s', '12 min', '3 h 5 min', '2 d 4 h']);
    expect([formatBytes(512), formatBytes(123_731_968), formatBytes(1.4 * 1024 ** 3)]).toEqual(['512 B', '118 MiB', '1.4 GiB']);
    expect([formatMs(0.42), formatMs(12.4), formatMs(1_340)]).toEqual(['0.4 ms', '12 ms', '1.3 s']);
    expect([formatRate(0), formatRate(0.25), formatRate(3.21), formatRate(140.4)]).toEqual(['0/s', '0.25/s', '3.2/s', '140/s']);
  });
});

describe('the latency summary', () => {
  it('gives min, median and max of the answered probes, and how many went unanswered', () => {
    const summary = summarizeLatency(points(4, null, 1, 3, null, 2));
    expect(summary).toEqual({ probes: 6, down: 2, min: 1, median: 2.5, max: 4, spanMinutes: 0 });
    expect(describeLatency(summary)).toBe('6 probes over the last minute: min 1.0 ms, median 2.5 ms, max 4.0 ms; no answer to 2.');
  });

  it('says so when there is nothing to summarise', () => {
    expect(describeLatency(summarizeLatency([]))).toBe('No probes yet.');
    expect(describeLatency(summarizeLatency(points(null, null)))).toBe('2 probes over the last minute: none answered.');
  });
});

describe('sparkline', () => {
  it('breaks the line where OpenCode did not answer, and marks the gap', () => {
    const chart = sparkline(points(0, 10, null, 5, 10, null, 2), 120, 24, 0);
    expect(chart.lines).toEqual(['M0 24 L20 0', 'M60 12 L80 0']);
    expect(chart.dots).toEqual([{ x: 120, y: 19.2 }]);
    expect(chart.gaps).toEqual([{ x: 40 }, { x: 100 }]);
  });

  it('draws a single probe as a dot in the middle, and nothing without probes', () => {
    expect(sparkline(points(3), 120, 24, 0)).toEqual({ lines: [], dots: [{ x: 60, y: 0 }], gaps: [] });
    expect(sparkline([], 120, 24)).toEqual({ lines: [], dots: [], gaps: [] });
  });
});
