import { claimIdempotencyKey, createConsoleSession, createOperator, findConsoleSession, getAuthFailures, getIdempotencyKey, listAuditEvents, openMemoryStore, recordAuditEvent, recordAuthFailure } from '@otto/store';
import { describe, expect, it } from 'vitest';
import { AUTH_FAILURE_RETENTION_MS, Housekeeping, IDEMPOTENCY_RETENTION_MS } from './housekeeping.js';

describe('Housekeeping', () => {
  it('deletes expired console sessions, and idempotency keys, audit rows and sign-in failure counts past their retention, and nothing else', async () => {
    const store = await openMemoryStore();
    try {
      const now = Date.UTC(2026, 10, 27);
      const { id: operatorId } = await createOperator(store.db, { name: 'alice', role: 'VIEWER', passwordHash: null, now });
      const client = { operatorId, userAgent: null, clientAddress: null };
      const expired = await createConsoleSession(store.db, { ...client, now: now - 10_000, ttlMs: 1_000 });
      const current = await createConsoleSession(store.db, { ...client, now, ttlMs: 60_000 });
      const key = (name: string, at: number) => claimIdempotencyKey(store.db, { key: name, threadId: 'ses_a', fingerprint: 'f', messageId: `msg_${name}`, now: at });
      await key('key-old-000001', now - IDEMPOTENCY_RETENTION_MS - 1);
      await key('key-new-000001', now - 1_000);

      const audit = (requestId: string, at: number) => recordAuditEvent(store.db, { at, actor: 'alice', action: 'thread.list', outcome: 'OK', durationMs: 1, requestId });
      await audit('older-than-90-days', now - 90 * 86_400_000 - 1);
      await audit('within-90-days', now - 89 * 86_400_000);

      await recordAuthFailure(store.db, { scope: 'token', subject: '10.0.0.1', now: now - AUTH_FAILURE_RETENTION_MS - 1 });
      await recordAuthFailure(store.db, { scope: 'token', subject: '10.0.0.2', now: now - 60_000 });

      const swept = await new Housekeeping({ store, auditRetentionDays: 90, onError: () => undefined }).sweep(now);

      expect(swept).toEqual({ sessions: 1, keys: 1, auditRows: 1, authFailures: 1 });
      expect((await listAuditEvents(store.db, { first: 10 })).events.map((event) => event.requestId)).toEqual(['within-90-days']);
      expect(await findConsoleSession(store.db, current.secret, now)).toBeDefined();
      expect(await findConsoleSession(store.db, expired.secret, now - 9_500)).toBeUndefined();
      expect(await getIdempotencyKey(store.db, 'key-old-000001')).toBeUndefined();
      expect(await getIdempotencyKey(store.db, 'key-new-000001')).toBeDefined();
      expect(await getAuthFailures(store.db, 'token', '10.0.0.1')).toBeUndefined();
      expect(await getAuthFailures(store.db, 'token', '10.0.0.2')).toBeDefined();
    } finally {
      await store.close();
    }
  });
});
