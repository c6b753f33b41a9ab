// The System page's figures as text, and the latency sparkline as SVG paths: pure, so tested alone.

/** "42 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatUptime(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** "512 B", "118 MiB", "1.4 GiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${BYTE_UNITS[unit]}`;
}

/** "0.4 ms", "12 ms", "1.3 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** "0.25/s", "3.2/s", "140/s". */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0/s';
  if (perSecond < 1) return `${perSecond.toFixed(2)}/s`;
  if (perSecond < 10) return `${perSecond.toFixed(1)}/s`;
  return `${Math.round(perSecond)}/s`;
}

export interface LatencyPoint {
  /** ISO time of the probe. */
  at: string;
  /** Null: OpenCode did not answer. */
  latencyMs: number | null;
}

export interface LatencySummary {
  probes: number;
  down: number;
  min: number | null;
  median: number | null;
  max: number | null;
  /** From the first probe to the last. */
  spanMinutes: number;
}

export function summarizeLatency(points: readonly LatencyPoint[]): LatencySummary {
  const answered = points.flatMap((point) => (point.latencyMs === null ? [] : [point.latencyMs])).sort((a, b) => a - b);
  const middle = answered.length >> 1;
  const median = answered.length === 0 ? null : answered.length % 2 ? answered[middle]! : (answered[middle - 1]! + answered[middle]!) / 2;
  const first = points[0];
  const last = points.at(-1);
  return {
    probes: points.length,
    down: points.length - answered.length,
    min: answered[0] ?? null,
    median,
    max: answered.at(-1) ?? null,
    spanMinutes: first && last ? Math.round((Date.parse(last.at) - Date.parse(first.at)) / 60_000) : 0,
  };
}

/** What a screen reader hears, and what the page shows under the chart. */
export function describeLatency(summary: LatencySummary): string {
  if (summary.probes === 0) return 'No probes yet.';
  const over = summary.spanMinutes < 1 ? 'over the last minute' : `over the last ${summary.spanMinutes} min`;
  const probes = `${summary.probes} ${summary.probes === 1 ? 'probe' : 'probes'} ${over}`;
  const down = summary.down > 0 ? `; no answer to ${summary.down}` : '';
  if (summary.min === null || summary.median === null || summary.max === null) return `${probes}: none answered.`;
  return `${probes}: min ${formatMs(summary.min)}, median ${formatMs(summary.median)}, max ${formatMs(summary.max)}${down}.`;
}

export interface Sparkline {
  /** One path per run of answered probes: a probe without an answer leaves a gap. */
  lines: string[];
  /** Where a run is a single probe, a dot (a path of one point draws nothing). */
  dots: Array<{ x: number; y: number }>;
  /** Where OpenCode did not answer, along the bottom edge. */
  gaps: Array<{ x: number }>;
}

/**
 * The probes spread over the width by time, latency from the bottom (0 ms) to the top (the
 * highest latency seen), in a box of `width` × `height` with `pad` around the line.
 */
export function sparkline(points: readonly LatencyPoint[], width: number, height: number, pad = 2): Sparkline {
  const result: Sparkline = { lines: [], dots: [], gaps: [] };
  if (points.length === 0) return result;
  const times = points.map((point) => Date.parse(point.at));
  const start = times[0]!;
  const span = Math.max(times.at(-1)! - start, 1);
  const top = Math.max(...points.map((point) => point.latencyMs ?? 0), 1);
  const x = (index: number) => round(points.length === 1 ? width / 2 : pad + ((times[index]! - start) / span) * (width - 2 * pad));
  const y = (ms: number) => round(height - pad - (ms / top) * (height - 2 * pad));
  let run: Array<{ x: number; y: number }> = [];
  const endRun = () => {
    if (run.length === 1) result.dots.push(run[0]!);
    else if (run.length > 1) result.lines.push(run.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' '));
    run = [];
  };
  points.forEach((point, index) => {
    if (point.latencyMs === null) {
      endRun();
      result.gaps.push({ x: x(index) });
    } else {
      run.push({ x: x(index), y: y(point.latencyMs) });
    }
  });
  endRun();
  return result;
}

const round = (value: number) => Math.round(value * 10) / 10;
