export type StoreErrorCode =
  /** The database URL names a database this build cannot talk to, or cannot be read. */
  | 'UNSUPPORTED_DATABASE'
  /** The database file cannot be created, opened or written, or the database server cannot be used. */
  | 'DATABASE_UNAVAILABLE'
  /** The schema could not be brought to the latest migration. */
  | 'MIGRATION_FAILED'
  /** A repository function was called with an argument it cannot honour. */
  | 'INVALID_ARGUMENT'
  /** The write would break a uniqueness the store keeps, e.g. a second operator with the same name. */
  | 'CONFLICT';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
