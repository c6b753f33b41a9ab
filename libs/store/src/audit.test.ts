import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditRecorder, deleteAuditEventsBefore, listAuditEvents, recordAuditEvent, type NewAuditEvent } from './audit.js';
import { isStoreError } from './errors.js';
import type { Store } from './open.js';
import { openTestStore, STORE_DIALECTS } from './test-stores.js';

function event(overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  return {
    at: 1_000,
    actor: 'operator',
    action: 'thread.list',
    outcome: 'OK',
    durationMs: 12,
    requestId: 'req-1',
    ...overrides,
  };
}

describe.each(STORE_DIALECTS)('audit events on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('records an event with every field and lists it back', async () => {
    await recordAuditEvent(
      store.db,
      event({
        action: 'message.send',
        operationName: 'SendMessage',
        threadId: 'ses_a',
        target: 'anthropic',
        outcome: 'ERROR',
        errorCode: 'UPSTREAM_TIMEOUT',
        clientAddress: '127.0.0.1',
        userAgent: 'curl/8',
      }),
    );
    await recordAuditEvent(store.db, event({ at: 2_000, requestId: 'req-2' }));
    const { events, totalCount, hasNextPage } = await listAuditEvents(store.db, { first: 10 });
    expect(totalCount).toBe(2);
    expect(hasNextPage).toBe(false);
    expect(events[0]).toEqual({
      id: expect.any(Number),
      at: 2_000,
      actor: 'operator',
      action: 'thread.list',
      operationName: null,
      threadId: null,
      target: null,
      outcome: 'OK',
      errorCode: null,
      durationMs: 12,
      requestId: 'req-2',
      clientAddress: null,
      userAgent: null,
    });
    expect(events[1]).toMatchObject({
      action: 'message.send',
      operationName: 'SendMessage',
      threadId: 'ses_a',
      target: 'anthropic',
      outcome: 'ERROR',
      errorCode: 'UPSTREAM_TIMEOUT',
      clientAddress: '127.0.0.1',
      userAgent: 'curl/8',
    });
  });

  it('pages newest first with an exclusive id cursor', async () => {
    for (let i = 1; i <= 5; i++) await recordAuditEvent(store.db, event({ requestId: `req-${i}` }));

    const first = await listAuditEvents(store.db, { first: 2 });
    expect(first.events.map((e) => e.requestId)).toEqual(['req-5', 'req-4']);
    expect(first).toMatchObject({ totalCount: 5, hasNextPage: true });

    const second = await listAuditEvents(store.db, { first: 2, after: first.events.at(-1)?.id });
    expect(second.events.map((e) => e.requestId)).toEqual(['req-3', 'req-2']);
    expect(second).toMatchObject({ totalCount: 5, hasNextPage: true });

    const last = await listAuditEvents(store.db, { first: 2, after: second.events.at(-1)?.id });
    expect(last.events.map((e) => e.requestId)).toEqual(['req-1']);
    expect(last).toMatchObject({ totalCount: 5, hasNextPage: false });
  });

  it('deletes only the events recorded before the retention cutoff', async () => {
    for (const at of [1_000, 1_999, 2_000, 3_000]) await recordAuditEvent(store.db, event({ at, requestId: `req-${at}` }));
    expect(await deleteAuditEventsBefore(store.db, 2_000)).toBe(2);
    expect((await listAuditEvents(store.db, { first: 10 })).events.map((e) => e.requestId)).toEqual(['req-3000', 'req-2000']);
  });

  it('reports an exactly full last page as having no next page', async () => {
    for (let i = 1; i <= 2; i++) await recordAuditEvent(store.db, event({ requestId: `req-${i}` }));
    expect(await listAuditEvents(store.db, { first: 2 })).toMatchObject({ hasNextPage: false });
  });

  it('filters by thread id and by action, counting only matching events', async () => {
    await recordAuditEvent(store.db, event({ requestId: 'r1', action: 'thread.read', threadId: 'ses_a' }));
    await recordAuditEvent(store.db, event({ requestId: 'r2', action: 'message.send', threadId: 'ses_a' }));
    await recordAuditEvent(store.db, event({ requestId: 'r3', action: 'thread.read', threadId: 'ses_b' }));
    await recordAuditEvent(store.db, event({ requestId: 'r4', action: 'thread.list' }));
    await recordAuditEvent(store.db, event({ requestId: 'r5', action: 'message.send', threadId: 'ses_a' }));
    await recordAuditEvent(store.db, event({ requestId: 'r6', action: 'system.read,thread.list' }));

    const byThread = await listAuditEvents(store.db, { first: 2, threadId: 'ses_a' });
    expect(byThread.events.map((e) => e.requestId)).toEqual(['r5', 'r2']);
    expect(byThread).toMatchObject({ totalCount: 3, hasNextPage: true });
    const byThreadNext = await listAuditEvents(store.db, { first: 2, threadId: 'ses_a', after: byThread.events[1]?.id });
    expect(byThreadNext.events.map((e) => e.requestId)).toEqual(['r1']);
    expect(byThreadNext).toMatchObject({ totalCount: 3, hasNextPage: false });

    const byAction = await listAuditEvents(store.db, { first: 10, action: 'thread.read' });
    expect(byAction.events.map((e) => e.requestId)).toEqual(['r3', 'r1']);
    expect(byAction.totalCount).toBe(2);

    const listed = await listAuditEvents(store.db, { first: 10, action: 'thread.list' });
    expect(listed.events.map((e) => e.requestId)).toEqual(['r6', 'r4']);

    const both = await listAuditEvents(store.db, { first: 10, threadId: 'ses_a', action: 'message.send' });
    expect(both.events.map((e) => e.requestId)).toEqual(['r5', 'r2']);
    expect(both.totalCount).toBe(2);

    const none = await listAuditEvents(store.db, { first: 10, threadId: 'ses_missing' });
    expect(none).toEqual({ events: [], totalCount: 0, hasNextPage: false });
  });

  it('matches an action filter literally, LIKE wildcards and backslashes included', async () => {
    await recordAuditEvent(store.db, event({ requestId: 'r1', action: 'system.read,thread.list' }));
    await recordAuditEvent(store.db, event({ requestId: 'r2', action: 'system.read,thread%list' }));
    await recordAuditEvent(store.db, event({ requestId: 'r3', action: 'a\\b,system.read' }));
    const matching = async (action: string) =>
      (await listAuditEvents(store.db, { first: 10, action })).events.map((e) => e.requestId);
    expect(await matching('thread%list')).toEqual(['r2']);
    expect(await matching('thread_list')).toEqual([]);
    expect(await matching('a\\b')).toEqual(['r3']);
    expect(await matching('a%')).toEqual([]);
  });

  it('filters by actor, exactly, alone or with the other filters', async () => {
    await recordAuditEvent(store.db, event({ requestId: 'r1', actor: 'alice', threadId: 'ses_a' }));
    await recordAuditEvent(store.db, event({ requestId: 'r2', actor: 'bob', threadId: 'ses_a' }));
    await recordAuditEvent(store.db, event({ requestId: 'r3', actor: 'alice', action: 'message.send' }));
    await recordAuditEvent(store.db, event({ requestId: 'r4', actor: 'Alice' }));
    await recordAuditEvent(store.db, event({ requestId: 'r5', actor: 'alice-bot' }));
    await recordAuditEvent(store.db, event({ requestId: 'r6', actor: 'alice' }));

    const byActor = await listAuditEvents(store.db, { first: 2, actor: 'alice' });
    expect(byActor.events.map((e) => e.requestId)).toEqual(['r6', 'r3']);
    expect(byActor).toMatchObject({ totalCount: 3, hasNextPage: true });
    const byActorNext = await listAuditEvents(store.db, { first: 2, actor: 'alice', after: byActor.events[1]?.id });
    expect(byActorNext.events.map((e) => e.requestId)).toEqual(['r1']);
    expect(byActorNext).toMatchObject({ totalCount: 3, hasNextPage: false });

    const withThread = await listAuditEvents(store.db, { first: 10, actor: 'alice', threadId: 'ses_a' });
    expect(withThread.events.map((e) => e.requestId)).toEqual(['r1']);
    const withAction = await listAuditEvents(store.db, { first: 10, actor: 'alice', action: 'message.send' });
    expect(withAction.events.map((e) => e.requestId)).toEqual(['r3']);
    expect(await listAuditEvents(store.db, { first: 10, actor: 'carol' })).toEqual({
      events: [],
      totalCount: 0,
      hasNextPage: false,
    });
  });

  it('answers first: 0 with the count and whether anything exists', async () => {
    await recordAuditEvent(store.db, event());
    expect(await listAuditEvents(store.db, { first: 0 })).toEqual({ events: [], totalCount: 1, hasNextPage: true });
  });

  it('refuses a negative or fractional page size with INVALID_ARGUMENT', async () => {
    for (const first of [-1, 1.5, Number.NaN]) {
      const error = await listAuditEvents(store.db, { first }).catch((e: unknown) => e);
      expect(isStoreError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('keeps ids increasing after the newest events are deleted', async () => {
    await recordAuditEvent(store.db, event({ requestId: 'r1' }));
    await recordAuditEvent(store.db, event({ requestId: 'r2' }));
    const before = await listAuditEvents(store.db, { first: 1 });
    await store.db.deleteFrom('audit_events').where('request_id', '=', 'r2').execute();
    await recordAuditEvent(store.db, event({ requestId: 'r3' }));
    const after = await listAuditEvents(store.db, { first: 1 });
    expect(after.events[0]?.id).toBeGreaterThan(before.events[0]?.id ?? Infinity);
  });
});

describe.each(STORE_DIALECTS)('createAuditRecorder on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  /** The store's db, counting the INSERT statements sent through it. */
  function countingInserts() {
    let inserts = 0;
    const db = store.db.withPlugin({
      transformQuery: ({ node }) => {
        if (node.kind === 'InsertQueryNode') inserts++;
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    return { db, inserts: () => inserts };
  }

  it('writes a burst with one statement per 80 rows, each caller settling once its row is written', async () => {
    const counted = countingInserts();
    const record = createAuditRecorder(counted.db);
    await Promise.all(Array.from({ length: 200 }, (_, i) => record(event({ at: i, requestId: `r${i}` }))));
    expect(counted.inserts()).toBe(3);
    const page = await listAuditEvents(store.db, { first: 1000 });
    expect(page.totalCount).toBe(200);
    expect(new Set(page.events.map((event) => event.requestId)).size).toBe(200);
  });

  it('rejects the callers whose rows could not be written', async () => {
    const record = createAuditRecorder(store.db);
    const bad = record(event({ outcome: 'MAYBE' as 'OK' }));
    await expect(bad).rejects.toThrow();
  });

  it('lets a bad row reject only its own caller, never the rows recorded in the same turn', async () => {
    const record = createAuditRecorder(store.db);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        // The outcome's check constraint refuses it: the statement holding this row fails.
        record(event({ requestId: `r${i}`, outcome: i === 17 ? ('MAYBE' as 'OK') : 'OK' })),
      ),
    );
    const rejected = results.flatMap((result, i) => (result.status === 'rejected' ? [i] : []));
    expect(rejected).toEqual([17]);
    expect(results[17]).toMatchObject({ status: 'rejected', reason: expect.any(Error) });

    const page = await listAuditEvents(store.db, { first: 100 });
    expect(page.totalCount).toBe(49);
    const written = page.events.map((e) => e.requestId).reverse();
    expect(written).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`).filter((id) => id !== 'r17'));
  });
});
