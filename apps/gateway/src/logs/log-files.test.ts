import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { ConfigError, loadConfig } from '../config.js';
import { openGatewayLogger } from '../logger.js';
import { listLogFiles } from './log-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'otto-log-files-'));
  dirs.push(dir);
  return dir;
};
const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('the gateway logger', () => {
  it('writes every line to stderr and to files rotated at OTTO_LOG_MAX_BYTES, keeping OTTO_LOG_FILES of them', async () => {
    const dir = freshDir();
    const config = loadConfig({ OTTO_LOG_DIR: dir, OTTO_LOG_MAX_BYTES: '4096', OTTO_LOG_FILES: '3', OTTO_LOG_LEVEL: 'info' });
    const stderr: string[] = [];
    const { logger, close } = await openGatewayLogger(config, { write: (line: string) => void stderr.push(line) });
    try {
      for (let index = 0; index < 400; index += 1) {
        logger.info({ index, threadId: `ses_${index}` }, `line ${index}`);
        logger.debug({ index }, 'below the level: on neither side');
        // The files roll between bursts of lines, as they do when the lines come from separate requests.
        if (index % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
      }
      // Old files are removed in the background after each roll.
      const files = await eventually(async () => {
        const listed = await listLogFiles(dir);
        return listed.length <= 3 && listed;
      });
      expect(files).toHaveLength(3);
      // About 80 bytes a line, 4 KiB a file: 400 lines roll it several times.
      expect(files[0]!.number).toBeGreaterThan(5);

      const inFiles = [...files].reverse().flatMap((file) => linesOf(file.path));
      expect(stderr).toHaveLength(400);
      // What the files kept is the newest part of what stderr got, line for line and in order.
      expect(inFiles.length).toBeGreaterThan(4096 / 100);
      expect(inFiles).toEqual(stderr.map((line) => line.trimEnd()).slice(-inFiles.length));
      expect(JSON.parse(inFiles.at(-1)!)).toMatchObject({ level: 30, source: 'gateway', index: 399, msg: 'line 399' });
      for (const file of files.slice(1)) expect(readFileSync(file.path).byteLength).toBeGreaterThanOrEqual(4096);
    } finally {
      close();
    }
  });

  it('carries on in the newest file after a restart', async () => {
    const dir = freshDir();
    const config = loadConfig({ OTTO_LOG_DIR: dir });
    const quiet = { write: () => undefined };
    const first = await openGatewayLogger(config, quiet);
    first.logger.info('before the restart');
    first.close();
    const second = await openGatewayLogger(config, quiet);
    second.logger.info('after the restart');
    second.close();
    const files = await listLogFiles(dir);
    expect(files.map((file) => file.number)).toEqual([1]);
    expect(linesOf(files[0]!.path).map((line) => JSON.parse(line).msg)).toEqual(['before the restart', 'after the restart']);
  });

  it('sends a line logged after close to stderr alone, without throwing at whoever logged it', async () => {
    const config = loadConfig({ OTTO_LOG_DIR: freshDir() });
    const stderr: string[] = [];
    const { logger, close } = await openGatewayLogger(config, { write: (line: string) => void stderr.push(line) });
    close();
    expect(() => logger.warn('late, during shutdown')).not.toThrow();
    expect(stderr.map((line) => JSON.parse(line).msg)).toEqual(['late, during shutdown']);
  });

  it('refuses a log folder it cannot create, with one line naming it', async () => {
    const parent = freshDir();
    const file = join(parent, 'a-file');
    writeFileSync(file, '');
    const failure = openGatewayLogger(loadConfig({ OTTO_DATA_DIR: file }));
    await expect(failure).rejects.toThrow(ConfigError);
    await expect(failure).rejects.toThrow(`the log folder ${join(file, 'logs')} cannot be written (ENOTDIR)`);
  });
});
