import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pinoRoll, { type RollingFile } from 'pino-roll';
import type { LogFileSettings } from '../config.js';

export type { RollingFile };

/**
 * pino-roll writes otto.1.log, then otto.2.log, …: it numbers files upward (carrying on from the
 * highest number it finds at start) and never renames one, so a file's number names it for good.
 */
const FILE_NAME = /^otto\.(\d+)\.log$/;

export interface LogFile {
  number: number;
  path: string;
}

/**
 * The rotating file the log lines go to. Writes are synchronous, like pino's own stderr, so a line
 * logged just before a crash is on disk; a burst of lines may overshoot maxBytes before the roll.
 */
export function openLogFiles(settings: LogFileSettings): Promise<RollingFile> {
  return pinoRoll({
    file: join(settings.dir, 'otto.log'),
    size: `${settings.maxBytes}b`,
    // The current file is created before the sweep, so over the whole folder `count` is every file kept.
    limit: { count: settings.count, removeOtherLogFiles: true },
    mkdir: true,
    sync: true,
  });
}

/** The log files in a folder, newest first; none when the folder does not exist (yet). */
export async function listLogFiles(dir: string): Promise<LogFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => ({ name, match: FILE_NAME.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => ({ number: Number(match[1]), path: join(dir, name) }))
    .sort((a, b) => b.number - a.number);
}
