/** pino's levels, by number; the LogLevel enum. */
export const LOG_LEVELS = { TRACE: 10, DEBUG: 20, INFO: 30, WARN: 40, ERROR: 50, FATAL: 60 } as const;
export type LogLevelName = keyof typeof LOG_LEVELS;

export interface LogLine {
  /** Milliseconds since the epoch. */
  at: number;
  level: number;
  source: string;
  message: string;
  /** Everything else on the line; null when nothing else is. */
  fields: Record<string, unknown> | null;
}

export interface LogFilter {
  /** The least level shown, as pino's number. */
  level?: number;
  source?: string;
  /** Case-insensitive, over the message and the fields' JSON. */
  search?: string;
  since?: Date;
  until?: Date;
}

/** The name of a pino level number; a custom level between two counts as the lower one. */
export function levelName(level: number): LogLevelName {
  const names = Object.keys(LOG_LEVELS) as LogLevelName[];
  return names.findLast((name) => LOG_LEVELS[name] <= level) ?? 'TRACE';
}

/** One JSON line of the log files; undefined for anything else (a torn or foreign line). */
export function parseLogLine(text: string): LogLine | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { level, time, msg, source, ...fields } = parsed as Record<string, unknown>;
  if (typeof level !== 'number' || typeof time !== 'number') return undefined;
  return {
    at: time,
    level,
    source: typeof source === 'string' ? source : 'gateway',
    message: typeof msg === 'string' ? msg : '',
    fields: Object.keys(fields).length ? fields : null,
  };
}

// pino writes `{"level":30,"time":…,"source":"…"` first on every line; reading just that decides
// most lines without parsing them.
const HEAD = /^\{"level":(\d+),"time":(\d+),"source":"([a-z]+)"/;

/**
 * What the filter makes of one line of the files, parsing it only when the cheap checks pass:
 * the line, 'skip', or 'older' once the line is before `since` (and so, newest first, is every
 * line after it).
 */
export function matchLine(text: string, filter: LogFilter): LogLine | 'skip' | 'older' {
  const head = HEAD.exec(text);
  if (head) {
    const verdict = headVerdict(Number(head[1]), Number(head[2]), head[3]!, filter);
    if (verdict !== 'keep') return verdict;
  }
  const needle = filter.search?.toLowerCase();
  if (needle && readsTheSameInJson(needle) && !text.toLowerCase().includes(needle)) return 'skip';
  const line = parseLogLine(text);
  if (!line) return 'skip';
  const verdict = headVerdict(line.level, line.at, line.source, filter);
  if (verdict !== 'keep') return verdict;
  if (needle && !`${line.message}\n${line.fields ? JSON.stringify(line.fields) : ''}`.toLowerCase().includes(needle)) return 'skip';
  return line;
}

function headVerdict(level: number, at: number, source: string, filter: LogFilter): 'keep' | 'skip' | 'older' {
  if (filter.since !== undefined && at < filter.since.getTime()) return 'older';
  const kept =
    (filter.level === undefined || level >= filter.level) &&
    (filter.source === undefined || source === filter.source) &&
    (filter.until === undefined || at <= filter.until.getTime());
  return kept ? 'keep' : 'skip';
}

/** Text without quotes, backslashes or control characters is written unchanged inside a JSON string. */
function readsTheSameInJson(text: string): boolean {
  return ![...text].some((char) => char === '"' || char === '\\' || char < ' ');
}
