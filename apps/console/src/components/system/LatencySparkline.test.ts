import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import LatencySparkline from './LatencySparkline.vue';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds)).toISOString();

describe('LatencySparkline', () => {
  it('draws a line per run of answers, marks each unanswered probe, and says it all in its caption', () => {
    const points = [3, 4, null, 5, 2].map((latencyMs, index) => ({ at: at(index * 5), latencyMs }));
    const chart = mount(LatencySparkline, { props: { points } });
    expect(chart.findAll('path')).toHaveLength(2);
    expect(chart.findAll('rect.gap')).toHaveLength(1);
    expect(chart.find('svg').attributes('aria-hidden')).toBe('true');
    expect(chart.find('figcaption').text()).toBe('5 probes over the last minute: min 2.0 ms, median 3.5 ms, max 5.0 ms; no answer to 1.');
  });

  it('says there is nothing yet before the first probe', () => {
    const chart = mount(LatencySparkline, { props: { points: [] } });
    expect(chart.findAll('path')).toHaveLength(0);
    expect(chart.find('figcaption').text()).toBe('No probes yet.');
  });
});
