// The public surface, named one by one: callers get repository functions and the entities they return,
// while row types and migrations stay inside, so the schema can change without touching a caller.
export {
  createApiToken,
  findApiTokenBySecret,
  getApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
  type ApiToken,
  type CreateApiTokenInput,
  type CreatedApiToken,
  type ListApiTokensFilter,
} from './api-tokens.js';
export {
  createAuditRecorder,
  deleteAuditEventsBefore,
  listAuditEvents,
  recordAuditEvent,
  type AuditEvent,
  type AuditEventPage,
  type ListAuditEventsInput,
  type NewAuditEvent,
} from './audit.js';
export {
  clearAuthFailures,
  deleteAuthFailuresBefore,
  getAuthFailures,
  recordAuthFailure,
  type AuthFailures,
  type RecordAuthFailureInput,
} from './auth-failures.js';
export {
  bindSession,
  DEFAULT_SERVER,
  getBinding,
  listBindings,
  markBindingsSeen,
  unbindSession,
  type BindSessionInput,
  type Binding,
} from './bindings.js';
export {
  createConsoleSession,
  deleteConsoleSession,
  deleteConsoleSessionById,
  deleteExpiredConsoleSessions,
  deleteOperatorConsoleSessions,
  findConsoleSession,
  listConsoleSessions,
  touchConsoleSession,
  type ConsoleSession,
  type CreateConsoleSessionInput,
  type CreatedConsoleSession,
  type DeleteOperatorConsoleSessionsOptions,
} from './console-sessions.js';
export type { Database } from './database.js';
export { isStoreError, StoreError, type StoreErrorCode } from './errors.js';
export {
  claimIdempotencyKey,
  deleteIdempotencyKeysBefore,
  getIdempotencyKey,
  IDEMPOTENCY_LEASE_MS,
  releaseIdempotencyLease,
  renewIdempotencyLease,
  settleIdempotencyKey,
  type ClaimIdempotencyKeyInput,
  type ClaimIdempotencyKeyResult,
  type IdempotencyEntry,
  type IdempotencyLease,
  type SettleIdempotencyKeyInput,
} from './idempotency.js';
export {
  archiveMessages,
  clearMessageArchive,
  countArchiveHits,
  listArchivedMessages,
  searchArchive,
  searchTerms,
  SEARCH_MAX_TERMS,
  type ArchiveHit,
  type ArchivedMessage,
  type ArchivePosition,
} from './message-archive.js';
export { openMemoryStore, openStore, type OpenStoreOptions, type Store } from './open.js';
export {
  countOperators,
  createOperator,
  getOperator,
  getOperatorCredentials,
  listOperators,
  markOperatorSignedIn,
  setOperatorPassword,
  updateOperator,
  type CreateOperatorInput,
  type Operator,
  type OperatorChange,
  type OperatorCredentials,
} from './operators.js';
export { pingDatabase } from './ping.js';
export { listPins, pinThread, unpinThread, type PinOutcome, type PinThreadInput, type ThreadPin } from './pins.js';
export { isRole, ROLES, type Role } from './roles.js';
export { addSetupLink, deleteSetupLinksBefore, hasSetupLink, useSetupLink, type UseSetupLinkInput } from './setup-links.js';
export type { AuditOutcome } from './tables/audit-events.table.js';
export type { AuthFailureScope } from './tables/auth-failures.table.js';
export type { IdempotencyStatus } from './tables/idempotency-keys.table.js';
export { loadThreadCache, saveThreadCache, type ThreadCacheEntry } from './thread-cache.js';
