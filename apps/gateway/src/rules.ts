import { decodeBase64 } from '@pothos/core';
import { z } from 'zod';

// OpenCode ids are a prefix, an underscore and base62; anything else cannot name an OpenCode object,
// so it is refused before a request goes upstream.
export const sessionId = z.string().regex(/^ses_[A-Za-z0-9]{1,60}$/, 'must be an OpenCode session id like ses_abc123');
export const messageId = z.string().regex(/^msg_[A-Za-z0-9]{1,60}$/, 'must be an OpenCode message id like msg_abc123');
export const permissionId = z.string().regex(/^per_[A-Za-z0-9]{1,60}$/, 'must be an OpenCode permission id like per_abc123');

/** A page size from 1 to `max`. */
export const pageSize = (max: number) => z.number().int().min(1, `must be from 1 to ${max}`).max(max, `must be from 1 to ${max}`);

/** A cursor of an offset connection (resolveArrayConnection's), checked before any work is done for the page. */
export const offsetCursor = z
  .string()
  .max(100, 'is not a cursor this API returned')
  .refine((cursor) => {
    try {
      return /^OffsetConnection:\d{1,9}$/.test(decodeBase64(cursor));
    } catch {
      return false;
    }
  }, 'is not a cursor this API returned');
