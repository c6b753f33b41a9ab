import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { openMemoryStore, openStore, type Store } from './open.js';

// For the store's own tests: every suite runs once per dialect, e.g. `describe.each(STORE_DIALECTS)`.

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server's URL, as a user who may create databases (test/postgres.global-setup.ts). */
    postgresUrl: string;
    /** What every database a test file creates is named with, so the run can drop its own. */
    postgresDatabasePrefix: string;
  }
}

export type StoreDialect = Store['dialect'];
export const STORE_DIALECTS: readonly StoreDialect[] = ['sqlite', 'postgres'];

/** An empty, migrated store: in memory for SQLite; this test file's database, emptied, for PostgreSQL. */
export async function openTestStore(dialect: StoreDialect): Promise<Store> {
  if (dialect === 'sqlite') return openMemoryStore();
  const store = await openStore({ databaseUrl: await fileDatabaseUrl(), dataDir: tmpdir() });
  await emptyTables(store);
  return store;
}

/** Several stores on one empty database, as several gateways sharing it; `close` closes them all. */
export async function openSharedTestStores(
  dialect: StoreDialect,
  count: number,
): Promise<{ stores: Store[]; close: () => Promise<void> }> {
  const stores: Store[] = [];
  if (dialect === 'postgres') {
    for (let i = 0; i < count; i++) stores.push(await openTestStore(dialect));
    return { stores, close: async () => void (await Promise.all(stores.map((store) => store.close()))) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'otto-store-'));
  for (let i = 0; i < count; i++) stores.push(await openStore({ dataDir: dir }));
  return {
    stores,
    close: async () => {
      await Promise.all(stores.map((store) => store.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Vitest loads this module afresh for every test file, so each file has a database of its own and files
// can run in parallel; the tests of one file run one after another and share it, emptied in between.
let fileDatabase: Promise<string> | undefined;

/** The URL of this test file's database, created on first use. */
export function fileDatabaseUrl(): Promise<string> {
  fileDatabase ??= createTestDatabase();
  return fileDatabase;
}

/** A new, empty (unmigrated) PostgreSQL database on the test server; its URL. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `${inject('postgresDatabasePrefix')}${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

// Faster than a database per test; restarting identities gives each test ids from 1, as a new SQLite one.
async function emptyTables(store: Store): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = current_schema() and tablename not like 'kysely%'
  `.execute(store.db);
  if (rows.length === 0) return;
  await sql`truncate table ${sql.join(rows.map((row) => sql.table(row.name)))} restart identity cascade`.execute(store.db);
}
