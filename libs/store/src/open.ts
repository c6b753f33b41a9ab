import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import { migrateToLatest } from './migrate.js';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite';
  /** Where the data lives, e.g. `sqlite:/abs/path/otto.sqlite`; never carries credentials. */
  describe(): string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `sqlite:<path>`, `file:<path>` or a `file://` URL; unset → `<dataDir>/otto.sqlite`. */
  databaseUrl?: string;
  dataDir: string;
}

const DEFAULT_DATABASE_FILE = 'otto.sqlite';
const BUSY_TIMEOUT_MS = 5_000;

/** Opens the database named by the options and migrates it to the latest schema. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  return openSqliteFile(sqliteFileFor(options));
}

/** A private, empty, migrated in-memory database (for tests). */
export async function openMemoryStore(): Promise<Store> {
  return migratedSqliteStore(new SqliteDatabase(':memory:'), 'sqlite::memory:');
}

// The one place that decides which database a URL means. A Postgres dialect is added here; its driver must
// parse int8 as a number, since the tables declare epoch milliseconds as numbers.
function sqliteFileFor({ databaseUrl, dataDir }: OpenStoreOptions): string {
  if (!databaseUrl) return resolve(dataDir, DEFAULT_DATABASE_FILE);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(databaseUrl)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite':
    case 'file':
      return sqlitePath(databaseUrl.slice(scheme.length + 1));
    case 'postgres':
    case 'postgresql':
      throw new StoreError(
        'UNSUPPORTED_DATABASE',
        'Postgres is not wired yet: use a sqlite:<path> database URL, or leave it unset for <data dir>/otto.sqlite',
      );
    default:
      // Only the scheme is echoed: the rest of an unknown URL may hold a password.
      throw new StoreError(
        'UNSUPPORTED_DATABASE',
        `Unsupported database URL scheme "${scheme ?? '(none)'}": use sqlite:<path>`,
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
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
