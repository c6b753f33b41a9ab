import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startPostgresServer, type PostgresServer, type StartPostgresOptions } from './postgres-server.js';

let server: PostgresServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function settingsOf(options?: StartPostgresOptions): Promise<Record<string, string>> {
  server = await startPostgresServer(options);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      "select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'full_page_writes')",
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  } finally {
    await client.end();
  }
}

describe('startPostgresServer', () => {
  it('trades all durability for speed by default: no fsync, commits not waiting for the WAL', async () => {
    expect(await settingsOf()).toEqual({ synchronous_commit: 'off', fsync: 'off', full_page_writes: 'off' });
  });

  it('crashSafe keeps fsync and full-page writes, as SQLite with synchronous=NORMAL does', async () => {
    expect(await settingsOf({ crashSafe: true })).toEqual({ synchronous_commit: 'off', fsync: 'on', full_page_writes: 'on' });
  });
});
