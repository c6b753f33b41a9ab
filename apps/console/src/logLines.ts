import type { LogLevel } from './gql/graphql';

export interface LogLineView {
  at: string;
  level: LogLevel;
  source: string;
  message: string;
  fields?: unknown;
}

export interface HeldLine {
  cursor: string;
  node: LogLineView;
}

/** Most first, as the level filter offers them: each shows itself and everything above. */
export const LOG_LEVELS: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/**
 * The lines held after a poll brought `newer` (newest first, `since` the newest held line, so that
 * line comes again): each line once, at most `cap`, the oldest dropped. `dropped` says the list no
 * longer reaches as far back as before, so "Load more" must carry on from its new last line.
 */
export function mergeNewer(held: readonly HeldLine[], newer: readonly HeldLine[], cap: number): { lines: HeldLine[]; added: number; dropped: boolean } {
  const known = new Set(held.slice(0, newer.length + 1).map((line) => line.cursor));
  const fresh = newer.filter((line) => !known.has(line.cursor));
  const all = [...fresh, ...held];
  return { lines: all.slice(0, cap), added: fresh.length, dropped: all.length > cap };
}

/** One JSON object a line, the form `jq` and log tools read; the download's content. */
export function toNdjson(lines: readonly LogLineView[]): string {
  return lines.map(({ at, level, source, message, fields }) => `${JSON.stringify({ at, level, source, message, fields: fields ?? null })}\n`).join('');
}

/** A `datetime-local` input's value (local time, no zone) as an instant, or null when it is empty or incomplete. */
export function instantOfLocal(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
