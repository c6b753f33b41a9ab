import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import { openGatewayLogger, type GatewayLogger } from '../logger.js';
import { listLogFiles } from './log-files.js';
import { LOG_LEVELS } from './log-line.js';
import { LogService, positionOfCursor, type LogEntry } from './logs.service.js';
import { logOpencodeLine } from './opencode-lines.js';

const T0 = Date.parse('2026-11-01T12:00:00.000Z');
const LEVELS = ['info', 'debug', 'warn', 'error', 'info'] as const;

interface Written {
  at: number;
  level: number;
  source: string;
  message: string;
}

let dir: string;
let files: GatewayLogger;
let logs: LogService;
const written: Written[] = [];

/** Writes lines one second apart through the real logger, OpenCode's through its own path; small files, so they rotate. */
async function write(count: number): Promise<void> {
  for (let n = 0; n < count; n += 1) {
    const index = written.length;
    const at = T0 + index * 1_000;
    vi.setSystemTime(at);
    const level = LEVELS[index % LEVELS.length]!;
    const source = index % 3 === 0 ? 'opencode' : 'gateway';
    const message = index === 77 ? 'Found the NEEDLE here' : `${source} line ${index}`;
    if (source === 'opencode') {
      logOpencodeLine(files.logger, `timestamp=x level=${level.toUpperCase()} run=r message="${message}" step=${index}`, 'stderr');
    } else {
      files.logger[level]({ step: index, path: index === 43 ? '/srv/needle/x' : '/srv/other' }, message);
    }
    written.push({ at, level: LOG_LEVELS[level.toUpperCase() as keyof typeof LOG_LEVELS], source, message });
    // The files roll between bursts, as they do between requests.
    if (index % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
  }
}

const summary = (entry: LogEntry): Written => ({ at: entry.at, level: entry.level, source: entry.source, message: entry.message });
const newestFirst = (lines: Written[]) => [...lines].reverse();

async function readAll(service: LogService, filter = {}, first = 7): Promise<LogEntry[]> {
  const all: LogEntry[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await service.page({ first, after }, filter);
    all.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return all;
    after = page.pageInfo.endCursor ?? undefined;
  }
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  dir = mkdtempSync(join(tmpdir(), 'otto-logs-'));
  files = await openGatewayLogger(loadConfig({ OTTO_LOG_DIR: dir, OTTO_LOG_MAX_BYTES: '2048', OTTO_LOG_FILES: '50', OTTO_LOG_LEVEL: 'debug' }), {
    write: () => undefined,
  });
  logs = new LogService({ dir });
  await write(120);
});

afterAll(() => {
  files.close();
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('the log reader', () => {
  it('reads newest first, across the current file and the rotated ones', async () => {
    expect((await listLogFiles(dir)).length).toBeGreaterThanOrEqual(4);
    const page = await logs.page({ first: 5 }, {});
    expect(page.edges.map((edge) => summary(edge.node))).toEqual(newestFirst(written).slice(0, 5));
    expect(page.pageInfo.hasNextPage).toBe(true);
    // OpenCode's lines carry their fields as OpenCode printed them; the gateway's, as logged.
    expect(page.edges.find((edge) => edge.node.source === 'opencode')!.node).toMatchObject({ level: 40, fields: { run: 'r', step: '117' } });
    expect(page.edges[0]!.node).toMatchObject({ source: 'gateway', fields: { step: 119, path: '/srv/other' } });
  });

  it('pages with after through every line exactly once, across rotation boundaries', async () => {
    const all = await readAll(logs);
    expect(all.map(summary)).toEqual(newestFirst(written));
    const filesOfPages = new Set(all.map((entry) => entry.position.file));
    expect(filesOfPages.size).toBeGreaterThanOrEqual(4);
  });

  it('keeps a cursor valid while the file grows and rotates', async () => {
    const first = await logs.page({ first: 10 }, {});
    const before = written.length;
    const rotationsBefore = (await listLogFiles(dir))[0]!.number;
    await write(60);
    expect((await listLogFiles(dir))[0]!.number).toBeGreaterThan(rotationsBefore);
    const next = await logs.page({ first: 10, after: first.pageInfo.endCursor ?? undefined }, {});
    expect(next.edges.map((edge) => summary(edge.node))).toEqual(newestFirst(written.slice(0, before)).slice(10, 20));
  });

  it('filters by least level, by source, and by search over the message and the fields, case-insensitively', async () => {
    expect((await readAll(logs, { level: LOG_LEVELS.WARN })).map(summary)).toEqual(newestFirst(written.filter((line) => line.level >= 40)));
    expect((await readAll(logs, { source: 'opencode' })).map(summary)).toEqual(newestFirst(written.filter((line) => line.source === 'opencode')));
    const found = await readAll(logs, { search: 'nEeDlE' });
    expect(found.map((entry) => entry.message)).toEqual(['Found the NEEDLE here', 'gateway line 43']);
    expect(found[1]!.fields).toMatchObject({ path: '/srv/needle/x' });
    expect(await readAll(logs, { search: '"path":"/srv/needle' })).toHaveLength(1);
    expect(await readAll(logs, { search: 'no line says this' })).toEqual([]);
  });

  it('bounds the lines by since and until, both inclusive', async () => {
    const since = new Date(T0 + 10_000);
    const until = new Date(T0 + 20_000);
    const window = await readAll(logs, { since, until }, 4);
    expect(window.map(summary)).toEqual(newestFirst(written.slice(10, 21)));
    // Jumping back in time: the newest lines at or before an instant.
    const jumped = await logs.page({ first: 3 }, { until });
    expect(jumped.edges.map((edge) => edge.node.at)).toEqual([T0 + 20_000, T0 + 19_000, T0 + 18_000]);
    // Following: what came since the newest line held, that line included.
    const newest = written.at(-1)!.at;
    expect((await logs.page({ first: 10 }, { since: new Date(newest) })).edges.map((edge) => edge.node.at)).toEqual([newest]);
  });

  it('counts the matching lines only when asked', async () => {
    const page = await logs.page({ first: 1 }, { source: 'gateway' });
    expect(await page.totalCount).toBe(written.filter((line) => line.source === 'gateway').length);
  });

  it('leaves out a line still being written, and lines that are not its own', async () => {
    const current = (await listLogFiles(dir))[0]!;
    appendFileSync(current.path, 'not json at all\n{"level":30,"time":1,"source":"gateway","msg":"torn');
    const page = await logs.page({ first: 1 }, {});
    expect(summary(page.edges[0]!.node)).toEqual(written.at(-1));
    expect(positionOfCursor(page.edges[0]!.cursor)?.file).toBeLessThanOrEqual(current.number);
  });

  it('has no lines when the gateway writes no files, or the folder is empty', async () => {
    expect((await new LogService({ dir: undefined }).page({ first: 5 }, {})).edges).toEqual([]);
    expect((await new LogService({ dir: join(dir, 'missing') }).page({ first: 5 }, {})).edges).toEqual([]);
  });
});
