import type { ApiTokensTable } from './tables/api-tokens.table.js';
import type { AuditEventsTable } from './tables/audit-events.table.js';
import type { AuthFailuresTable } from './tables/auth-failures.table.js';
import type { ConsoleSessionsTable } from './tables/console-sessions.table.js';
import type { IdempotencyKeysTable } from './tables/idempotency-keys.table.js';
import type { OperatorsTable } from './tables/operators.table.js';
import type { SessionBindingsTable } from './tables/session-bindings.table.js';
import type { ThreadCacheTable } from './tables/thread-cache.table.js';

export interface Database {
  session_bindings: SessionBindingsTable;
  thread_cache: ThreadCacheTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  console_sessions: ConsoleSessionsTable;
  operators: OperatorsTable;
  api_tokens: ApiTokensTable;
  auth_failures: AuthFailuresTable;
}
