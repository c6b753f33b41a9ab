import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import { migrateToLatest } from './migrate.js';
import { SharedSqliteDialect } from './sqlite-dialect.js';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** Where the data lives, e.g. `sqlite:/abs/path/otto.sqlite` or `postgres://otto@db:5432/otto`; never carries credentials. */
  describe(): string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `sqlite:<path>`, `file:<path>`, a `file://` URL or a `postgres://` URL; unset → `<dataDir>/otto.sqlite`. */
  databaseUrl?: string;
  dataDir: string;
}

const DEFAULT_DATABASE_FILE = 'otto.sqlite';
const BUSY_TIMEOUT_MS = 5_000;

/** Opens the database named by the options and migrates it to the latest schema. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const database = databaseFor(options);
  if (database.postgresUrl === undefined) return openSqliteFile(database.sqliteFile);
  // Loaded only for PostgreSQL: the embedded default never pays for the pg driver.
  const { openPostgresStore } = await import('./open-postgres.js');
  return openPostgresStore(database.postgresUrl);
}

/** A private, empty, migrated in-memory database (for tests). */
export async function openMemoryStore(): Promise<Store> {
  return migratedSqliteStore(new SqliteDatabase(':memory:'), 'sqlite::memory:');
}

type DatabaseLocation = { sqliteFile: string; postgresUrl?: undefined } | { postgresUrl: string };

// The one place that decides which database a URL means.
function databaseFor({ databaseUrl, dataDir }: OpenStoreOptions): DatabaseLocation {
  if (!databaseUrl) return { sqliteFile: resolve(dataDir, DEFAULT_DATABASE_FILE) };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(databaseUrl)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite':
    case 'file':
      return { sqliteFile: sqlitePath(databaseUrl.slice(scheme.length + 1)) };
    case 'postgres':
    case 'postgresql':
      return { postgresUrl: databaseUrl };
    default:
      // Only the scheme is echoed: the rest of an unknown URL may hold a password.
      throw new StoreError(
        'UNSUPPORTED_DATABASE',
        `Unsupported database URL scheme "${scheme ?? '(none)'}": use sqlite:<path> or postgres://…`,
      );
  }
}

function sqlitePath(rest: string): string {
  if (rest.startsWith('//')) {
    try {
      return fileURLToPath(`file:${rest}`);
    } catch (error) {
      throw new StoreError('UNSUPPORTED_DATABASE', 'Cannot read a local file path from the database URL', {
        cause: error,
      });
    }
  }
  if (rest === '') throw new StoreError('UNSUPPORTED_DATABASE', 'The database URL names no file');
  return resolve(rest);
}

async function openSqliteFile(file: string): Promise<Store> {
  let database: SqliteDatabase.Database | undefined;
  try {
    await mkdir(dirname(file), { recursive: true });
    database = new SqliteDatabase(file, { timeout: BUSY_TIMEOUT_MS });
    // SQLite quietly opens a file it may not write read-only; an up-to-date schema would then open fine
    // and the first audit write would fail instead.
    await access(file, constants.W_OK);
    // WAL lets readers go on while an audit row is written.
    database.pragma('journal_mode = WAL');
    // In WAL mode NORMAL survives a crash of the process and syncs at checkpoints instead of at every
    // commit: an audit row per request would otherwise cost an fsync per request.
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    database?.close();
    throw unavailable(file, error);
  }
  return migratedSqliteStore(database, `sqlite:${file}`);
}

async function migratedSqliteStore(database: SqliteDatabase.Database, description: string): Promise<Store> {
  // Foreign keys and their ON DELETE CASCADE: better-sqlite3 builds SQLite with them on, but plain SQLite
  // enforces them only when asked, per connection; asking keeps that from hanging on a build option.
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SharedSqliteDialect({ database }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect: 'sqlite',
    describe: () => description,
    close: () => db.destroy(),
  };
}

function unavailable(file: string, cause: unknown): StoreError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new StoreError('DATABASE_UNAVAILABLE', `Cannot use the SQLite database at ${file}: ${detail}`, { cause });
}
