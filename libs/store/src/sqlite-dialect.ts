import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * Kysely's SQLite dialect, made safe for several processes on one database file (gateways sharing it).
 *
 * Kysely's migrator takes no lock on SQLite — it assumes one connection, so one process — and runs each
 * migration outside a transaction: two gateways started together on a new file both ran them (`table
 * "session_bindings" already exists`). Here the migrations run in one transaction, and every transaction
 * begins IMMEDIATE, taking the file's write lock at once (waiting for it up to the busy timeout): the
 * second migrator reads which migrations have run only after the first committed them. A deferred
 * transaction would not do: in WAL mode one that read before another process wrote cannot write at all
 * (SQLITE_BUSY_SNAPSHOT, no waiting). It also makes a failed migration leave nothing half done.
 */
export class SharedSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

// SQLite runs schema changes in transactions like any other statement; Kysely's adapter says it cannot.
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
