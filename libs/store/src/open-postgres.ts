import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import { migrateToLatest } from './migrate.js';
import type { Store } from './open.js';
import { pingDatabase } from './ping.js';

/** Opens the PostgreSQL database a `postgres://` or `postgresql://` URL names and migrates it. */
export async function openPostgresStore(url: string): Promise<Store> {
  const description = describePostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, types: int8AsNumber() });
  // The pool drops a connection the server closed while it sat idle and opens another for the next query,
  // whose own failure reaches its caller; unheard, this event would end the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await pingDatabase(db);
  } catch (error) {
    await db.destroy();
    const detail = error instanceof Error ? error.message : String(error);
    throw new StoreError('DATABASE_UNAVAILABLE', `Cannot use the PostgreSQL database at ${description}: ${detail}`, {
      cause: error,
    });
  }
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: 'postgres', describe: () => description, close: () => db.destroy() };
}

/**
 * The URL without its password and options (an option may carry a secret too, e.g. `sslpassword`):
 * `postgres://otto@db:5432/otto`.
 */
export function describePostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    // Not echoed: the URL may hold a password.
    throw new StoreError('UNSUPPORTED_DATABASE', 'The PostgreSQL database URL cannot be parsed', { cause: error });
  }
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

/**
 * The tables keep epoch milliseconds in bigint columns and declare them numbers, and counts are bigint
 * too; pg hands int8 back as a string unless told otherwise. Set on this pool's own types, not pg's global
 * ones, so no other user of pg in the process is affected.
 */
function int8AsNumber(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (text: string) => {
    const value = Number(text);
    // Refused rather than rounded: every value the store writes fits, so a larger one is not Otto's.
    if (!Number.isSafeInteger(value)) throw new RangeError(`A bigint column holds ${text}, beyond a safe JS integer`);
    return value;
  });
  return types;
}
