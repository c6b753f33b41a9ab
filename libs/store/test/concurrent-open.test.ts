import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigrator } from '../src/migrate.js';
import { openStore } from '../src/open.js';
import { createTestDatabase, STORE_DIALECTS } from '../src/test-stores.js';

const CHILD = fileURLToPath(new URL('./open-store.child.ts', import.meta.url));
const GATEWAYS = 4;

interface Exit {
  code: number | null;
  stderr: string;
}

/** Starts `count` processes that each open the database; lets them all migrate at once; how each ended. */
async function openTogether(databaseUrl: string, count: number): Promise<Exit[]> {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['--import', 'tsx', CHILD, databaseUrl], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const exits: Array<Promise<Exit>> = [];
  const ready: Array<Promise<void>> = [];
  for (const child of children) {
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    exits.push(new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr }))));
    ready.push(
      new Promise((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', () => reject(new Error(`a child ended before it was ready: ${stderr}`)));
      }),
    );
  }
  try {
    await Promise.all(ready);
  } finally {
    for (const child of children) child.stdin.end('go\n');
  }
  return Promise.all(exits);
}

describe.each(STORE_DIALECTS)('several processes opening one new %s database at once', (dialect) => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('all open it, and its schema is migrated exactly once', async () => {
    let databaseUrl: string;
    if (dialect === 'sqlite') {
      dir = await mkdtemp(join(tmpdir(), 'otto-store-race-'));
      databaseUrl = `sqlite:${join(dir, 'otto.sqlite')}`;
    } else {
      databaseUrl = await createTestDatabase();
    }
    const exits = await openTogether(databaseUrl, GATEWAYS);
    // A second run of any migration fails its process: the table or column it creates exists already.
    expect(exits).toEqual(Array.from({ length: GATEWAYS }, () => ({ code: 0, stderr: '' })));
    const store = await openStore({ databaseUrl, dataDir: tmpdir() });
    try {
      const migrations = await createMigrator(store.db).getMigrations();
      expect(migrations.filter((migration) => migration.executedAt === undefined)).toEqual([]);
      const recorded = await store.db
        .selectFrom('kysely_migration' as never)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      expect(Number(recorded.count)).toBe(migrations.length);
    } finally {
      await store.close();
    }
  });
});
