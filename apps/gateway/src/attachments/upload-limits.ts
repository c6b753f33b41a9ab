/** What an operator may attach to one message: OTTO_MAX_UPLOAD_BYTES and OTTO_UPLOAD_TYPES. */
export interface UploadLimits {
  /** The largest file, in bytes. */
  maxFileBytes: number;
  /** MIME types and `type/*` patterns; any text file counts as `text/plain` unless it declares another `text/` type. */
  types: readonly string[];
}

/** Files per message, whatever the configuration: each is held in memory while the message is sent. */
export const MAX_FILES_PER_MESSAGE = 5;

/** Images models read, text of any kind, and PDF. */
export const DEFAULT_UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/*', 'application/pdf'] as const;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxFileBytes: 10_485_760, types: DEFAULT_UPLOAD_TYPES };

const PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/;

/** OTTO_UPLOAD_TYPES: MIME types or `type/*`, separated by commas; throws a sentence naming the bad one. */
export function parseUploadTypes(raw: string): string[] {
  const types = raw.split(',').map((type) => type.trim().toLowerCase()).filter(Boolean);
  const bad = types.find((type) => !PATTERN.test(type));
  if (bad !== undefined || types.length === 0) {
    throw new Error(`OTTO_UPLOAD_TYPES must list MIME types such as image/png or text/*, separated by commas (got "${bad ?? raw}")`);
  }
  return [...new Set(types)];
}

export function allowsType(types: readonly string[], mime: string): boolean {
  return types.some((type) => (type.endsWith('/*') ? mime.startsWith(type.slice(0, -1)) : mime === type));
}

/**
 * The largest multipart body a send may be: the most and largest files, plus what any other body may
 * be for the operation and the multipart framing.
 */
export function multipartBodyLimit(limits: UploadLimits, maxBodyBytes: number): number {
  return maxBodyBytes + MAX_FILES_PER_MESSAGE * limits.maxFileBytes;
}

/** "10 MB", "512 KB", "12 bytes": sizes as an operator reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1_024) return `${bytes} bytes`;
  if (bytes < 1_048_576) return `${Math.round(bytes / 1_024)} KB`;
  return `${Number((bytes / 1_048_576).toFixed(1))} MB`;
}
