import { decodeBase64, encodeBase64 } from '@pothos/core';
import { resolveCursorConnection, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import { badInput } from '../errors.js';
import { LIMITS } from '../limits.js';
import { listLogFiles } from './log-files.js';
import { matchLine, parseLogLine, type LogFilter, type LogLine } from './log-line.js';
import { firstLine, linesBackward } from './reverse-lines.js';

/** Where a line is: its file's number and its first byte there. Neither changes as files grow and rotate. */
export interface LogPosition {
  file: number;
  offset: number;
}

export interface LogEntry extends LogLine {
  position: LogPosition;
}

const CURSOR = /^LogLine:(\d{1,9}):(\d{1,15})$/;

export const toLogCursor = (entry: LogEntry) => encodeBase64(`LogLine:${entry.position.file}:${entry.position.offset}`);

/** The position a cursor names; undefined when it is not one this API returned. */
export function positionOfCursor(cursor: string): LogPosition | undefined {
  let decoded: string;
  try {
    decoded = decodeBase64(cursor);
  } catch {
    return undefined;
  }
  const match = CURSOR.exec(decoded);
  return match ? { file: Number(match[1]), offset: Number(match[2]) } : undefined;
}

/**
 * The gateway's log files, read newest first across the current file and the kept ones. Nothing
 * is held beyond the page being built: each file is read backwards a chunk at a time, and a read
 * stops as soon as the page is full or the lines are older than `since`.
 */
export class LogService {
  /** `dir` undefined: the gateway writes no files (an in-process test gateway), so there are no lines. */
  constructor(private readonly ports: { dir: string | undefined }) {}

  async page(args: DefaultConnectionArguments, filter: LogFilter) {
    const connection = await resolveCursorConnection<Promise<LogEntry[]>>(
      { args, toCursor: toLogCursor, defaultSize: LIMITS.logsPageDefault, maxSize: LIMITS.logsPageMax },
      async ({ after, limit }): Promise<LogEntry[]> => {
        const start = after === undefined ? undefined : positionOfCursor(after);
        if (after !== undefined && !start) throw badInput('after is not a cursor this API returned', 'after');
        const entries: LogEntry[] = [];
        for await (const entry of this.read(filter, start)) {
          entries.push(entry);
          if (entries.length >= limit) break;
        }
        return entries;
      },
    );
    let counted: Promise<number> | undefined;
    // Counting reads every kept file, so it happens only when a client asks for totalCount.
    return Object.defineProperty(connection, 'totalCount', { get: () => (counted ??= this.count(filter)), enumerable: true }) as typeof connection & {
      totalCount: Promise<number>;
    };
  }

  /** Every line the filter keeps. */
  async count(filter: LogFilter): Promise<number> {
    let count = 0;
    for await (const _line of this.read(filter)) count += 1;
    return count;
  }

  /** The lines the filter keeps, newest first, from just before `start` (default: the newest line). */
  private async *read(filter: LogFilter, start?: LogPosition): AsyncGenerator<LogEntry> {
    if (!this.ports.dir) return;
    for (const file of await listLogFiles(this.ports.dir)) {
      if (start && file.number > start.file) continue;
      if (filter.until && (await startsAfter(file.path, filter.until))) continue;
      const end = start && file.number === start.file ? start.offset : undefined;
      for await (const { offset, text } of linesBackward(file.path, end)) {
        const line = matchLine(text, filter);
        if (line === 'older') return;
        if (line !== 'skip') yield { ...line, position: { file: file.number, offset } };
      }
    }
  }
}

/** A file whose first line is after `until` holds nothing at or before it. */
async function startsAfter(path: string, until: Date): Promise<boolean> {
  const first = await firstLine(path);
  const line = first === undefined ? undefined : parseLogLine(first);
  return line !== undefined && line.at > until.getTime();
}
