import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import type { AuditEventRow, AuditOutcome } from './tables/audit-events.table.js';

/** One GraphQL operation as the audit log keeps it; never message text or tokens. */
export interface AuditEvent {
  /** Increases with every event written; the page cursor. */
  id: number;
  at: number;
  actor: string;
  /** `thread.list`, `message.send`, `audit.read`, … */
  action: string;
  operationName: string | null;
  threadId: string | null;
  /** What the operation acted on when that is not a thread, e.g. the provider whose key was set. */
  target: string | null;
  outcome: AuditOutcome;
  errorCode: string | null;
  durationMs: number;
  requestId: string;
  clientAddress: string | null;
  userAgent: string | null;
}

export interface NewAuditEvent {
  at: number;
  actor: string;
  action: string;
  operationName?: string | null;
  threadId?: string | null;
  target?: string | null;
  outcome: AuditOutcome;
  errorCode?: string | null;
  durationMs: number;
  requestId: string;
  clientAddress?: string | null;
  userAgent?: string | null;
}

export interface ListAuditEventsInput {
  /** Page size, 0 or more. */
  first: number;
  /** The `id` of the last event of the previous page; the page starts just after (older than) it. */
  after?: number;
  threadId?: string;
  action?: string;
  /** Exact match, e.g. one operator's events. */
  actor?: string;
}

export interface AuditEventPage {
  /** Newest first. */
  events: AuditEvent[];
  /** Events matching the filters, regardless of the cursor. */
  totalCount: number;
  hasNextPage: boolean;
}

function toRow(event: NewAuditEvent) {
  return {
    at: event.at,
    actor: event.actor,
    action: event.action,
    operation_name: event.operationName ?? null,
    thread_id: event.threadId ?? null,
    target: event.target ?? null,
    outcome: event.outcome,
    error_code: event.errorCode ?? null,
    duration_ms: event.durationMs,
    request_id: event.requestId,
    client_address: event.clientAddress ?? null,
    user_agent: event.userAgent ?? null,
  };
}

export async function recordAuditEvent(db: Kysely<Database>, event: NewAuditEvent): Promise<void> {
  await db.insertInto('audit_events').values(toRow(event)).execute();
}

// 12 parameters a row: 80 rows stay below every dialect's bind-parameter limit.
const AUDIT_ROWS_PER_STATEMENT = 80;

interface QueuedAuditRow {
  row: ReturnType<typeof toRow>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: events recorded in the same turn of the event loop are written by one INSERT, and
 * each caller's promise settles when the statement holding its row has. A caller that awaits it
 * still knows its row is written; a burst of requests costs one statement instead of one each.
 * A row the database refuses is rejected alone: it does not cost the rows that shared its statement.
 */
export function createAuditRecorder(db: Kysely<Database>) {
  let queue: QueuedAuditRow[] = [];
  const insertOneByOne = async (slice: QueuedAuditRow[]) => {
    // A failed statement wrote none of its rows, so writing them again duplicates none. In order, so
    // ids (the page cursor) still follow the order the events were recorded in.
    for (const entry of slice) {
      try {
        await db.insertInto('audit_events').values(entry.row).execute();
        entry.resolve();
      } catch (error) {
        entry.reject(error);
      }
    }
  };
  const flush = async () => {
    const batch = queue;
    queue = [];
    for (let start = 0; start < batch.length; start += AUDIT_ROWS_PER_STATEMENT) {
      const slice = batch.slice(start, start + AUDIT_ROWS_PER_STATEMENT);
      try {
        await db.insertInto('audit_events').values(slice.map((entry) => entry.row)).execute();
        for (const entry of slice) entry.resolve();
      } catch {
        await insertOneByOne(slice);
      }
    }
  };
  return function record(event: NewAuditEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      if (queue.length === 0) setImmediate(() => void flush());
      queue.push({ row: toRow(event), resolve, reject });
    });
  };
}

/** Deletes the events recorded before `at` (retention); returns how many. */
export async function deleteAuditEventsBefore(db: Kysely<Database>, at: number): Promise<number> {
  const result = await db.deleteFrom('audit_events').where('at', '<', at).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A page of events, newest first; throws INVALID_ARGUMENT when `first` is not a whole number ≥ 0. */
export async function listAuditEvents(db: Kysely<Database>, input: ListAuditEventsInput): Promise<AuditEventPage> {
  const { first, after, threadId, action, actor } = input;
  if (!Number.isSafeInteger(first) || first < 0) {
    throw new StoreError('INVALID_ARGUMENT', `first must be a whole number of at least 0, not ${first}`);
  }
  let filtered = db.selectFrom('audit_events');
  if (threadId !== undefined) filtered = filtered.where('thread_id', '=', threadId);
  if (actor !== undefined) filtered = filtered.where('actor', '=', actor);
  // An operation with several root fields is stored as their actions joined by commas.
  if (action !== undefined) {
    // The action's own characters match only themselves; the escape is spelled out because PostgreSQL's
    // default one (a backslash) is not SQLite's (none).
    const literal = action.replace(/[\\%_]/g, '\\$&');
    const like = (pattern: string) => sql<SqlBool>`action like ${pattern} escape '\\'`;
    filtered = filtered.where((eb) =>
      eb.or([eb('action', '=', action), like(`${literal},%`), like(`%,${literal}`), like(`%,${literal},%`)]),
    );
  }

  let page = filtered.selectAll();
  if (after !== undefined) page = page.where('id', '<', after);
  // One row beyond the page answers hasNextPage without a second count.
  const [rows, count] = await Promise.all([
    page.orderBy('id', 'desc').limit(first + 1).execute(),
    filtered.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    events: rows.slice(0, first).map(toAuditEvent),
    // Dialects return counts as number, bigint or string.
    totalCount: Number(count.total),
    hasNextPage: rows.length > first,
  };
}

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    operationName: row.operation_name,
    threadId: row.thread_id,
    target: row.target,
    outcome: row.outcome,
    errorCode: row.error_code,
    durationMs: row.duration_ms,
    requestId: row.request_id,
    clientAddress: row.client_address,
    userAgent: row.user_agent,
  };
}
