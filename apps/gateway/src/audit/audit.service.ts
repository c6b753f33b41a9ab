import { decodeBase64, encodeBase64 } from '@pothos/core';
import { resolveCursorConnection, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import { listAuditEvents, type AuditEvent, type Store } from '@otto/store';
import { badInput } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { AuditAction } from './actions.js';

const CURSOR_PREFIX = 'AuditEvent:';
const toCursor = (event: AuditEvent) => encodeBase64(`${CURSOR_PREFIX}${event.id}`);

function idOfCursor(cursor: string): number {
  const decoded = decodeBase64(cursor);
  const id = decoded.startsWith(CURSOR_PREFIX) ? Number(decoded.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw badInput('after is not a cursor this API returned', 'after');
  return id;
}

/** The audit log, newest first, a page at a time. */
export class AuditService {
  constructor(private readonly store: Store) {}

  async page(args: DefaultConnectionArguments, filter: { threadId?: string; action?: AuditAction; actor?: string }) {
    let totalCount = 0;
    const connection = await resolveCursorConnection<Promise<AuditEvent[]>>(
      { args, toCursor, defaultSize: LIMITS.auditPageDefault, maxSize: LIMITS.auditPageMax },
      async ({ after, limit }): Promise<AuditEvent[]> => {
        const page = await listAuditEvents(this.store.db, { first: limit, after: after ? idOfCursor(after) : undefined, ...filter });
        totalCount = page.totalCount;
        return page.events;
      },
    );
    return { ...connection, totalCount };
  }
}
