import type { ApiTokensTable } from './tables/api-tokens.table.js';
import type { AuditEventsTable } from './tables/audit-events.table.js';
import type { AuthFailuresTable } from './tables/auth-failures.table.js';
import type { ConsoleSessionsTable } from './tables/console-sessions.table.js';
import type { IdempotencyKeysTable } from './tables/idempotency-keys.table.js';
import type { MessageArchiveTable } from './tables/message-archive.table.js';
import type { OperatorsTable } from './tables/operators.table.js';
import type { SessionBindingsTable } from './tables/session-bindings.table.js';
import type { SetupLinksTable } from './tables/setup-links.table.js';
import type { ThreadCacheTable } from './tables/thread-cache.table.js';
import type { ThreadPinsTable } from './tables/thread-pins.table.js';

export interface Database {
  session_bindings: SessionBindingsTable;
  thread_cache: ThreadCacheTable;
  thread_pins: ThreadPinsTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  console_sessions: ConsoleSessionsTable;
  operators: OperatorsTable;
  api_tokens: ApiTokensTable;
  auth_failures: AuthFailuresTable;
  message_archive: MessageArchiveTable;
  setup_links: SetupLinksTable;
}
