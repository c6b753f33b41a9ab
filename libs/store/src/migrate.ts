import { Migrator, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import * as initial from './migrations/2026_11_23_0001_initial.js';
import * as consoleSessions from './migrations/2026_11_23_0002_console_sessions.js';
import * as idempotencySweepIndex from './migrations/2026_11_27_0003_idempotency_sweep_index.js';
import * as operators from './migrations/2026_11_27_0004_operators.js';
import * as auditRetentionIndex from './migrations/2026_11_27_0005_audit_retention_index.js';
import * as auditTarget from './migrations/2026_11_27_0006_audit_target.js';
import * as idempotencyLease from './migrations/2026_11_27_0007_idempotency_lease.js';
import * as bindingServer from './migrations/2026_11_27_0008_binding_server.js';
import * as authFailures from './migrations/2026_11_27_0009_auth_failures.js';
import * as messageArchive from './migrations/2026_11_27_0010_message_archive.js';
import * as threadPins from './migrations/2026_11_27_0011_thread_pins.js';
import * as setupLinks from './migrations/2026_11_27_0012_setup_links.js';

// Listed inline rather than read from disk so the migrations travel with the bundle and run the same
// under tsx, vitest and a build.
const migrations = {
  '2026_11_23_0001_initial': initial,
  '2026_11_23_0002_console_sessions': consoleSessions,
  '2026_11_27_0003_idempotency_sweep_index': idempotencySweepIndex,
  '2026_11_27_0004_operators': operators,
  '2026_11_27_0005_audit_retention_index': auditRetentionIndex,
  '2026_11_27_0006_audit_target': auditTarget,
  '2026_11_27_0007_idempotency_lease': idempotencyLease,
  '2026_11_27_0008_binding_server': bindingServer,
  '2026_11_27_0009_auth_failures': authFailures,
  '2026_11_27_0010_message_archive': messageArchive,
  '2026_11_27_0011_thread_pins': threadPins,
  '2026_11_27_0012_setup_links': setupLinks,
};

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      'MIGRATION_FAILED',
      `Database migration ${failed ?? '(before any migration ran)'} failed: ${detail}`,
      { cause: error },
    );
  }
}
