import { createApiToken, createConsoleSession, createOperator, openMemoryStore, type Store } from '@otto/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperatorService } from '../operators/operator.service.js';
import { callerFor } from './caller.js';
import { CredentialCache, type VerifiedCredential } from './credential-cache.js';

const alice = callerFor({ id: 'op_alice', name: 'alice' }, 'ADMIN');
const verified = (expiresAt: number | null = null): VerifiedCredential => ({ caller: alice, tokenId: 'tok_1', expiresAt });

describe('CredentialCache', () => {
  it('asks the database once for a credential it has just verified', async () => {
    const cache = new CredentialCache();
    let reads = 0;
    const read = async () => ((reads += 1), verified());
    expect(await cache.callerFor('token', 'otto_secret', 0, read)).toBe(alice);
    expect(await cache.callerFor('token', 'otto_secret', 0, read)).toBe(alice);
    expect(reads).toBe(1);
    // The same secret as a cookie is another credential.
    await cache.callerFor('session', 'otto_secret', 0, read);
    expect(reads).toBe(2);
  });

  it('never remembers a refusal, and reads again once the credential has expired', async () => {
    const cache = new CredentialCache();
    let reads = 0;
    expect(await cache.callerFor('token', 'wrong', 0, async () => ((reads += 1), null))).toBeNull();
    expect(await cache.callerFor('token', 'wrong', 0, async () => ((reads += 1), null))).toBeNull();
    expect(reads).toBe(2);
    await cache.callerFor('token', 'otto_expiring', 1_000, async () => verified(2_000));
    expect(await cache.callerFor('token', 'otto_expiring', 1_999, async () => null)).toBe(alice);
    expect(await cache.callerFor('token', 'otto_expiring', 2_000, async () => null)).toBeNull();
  });

  it('forgets what matches, by secret or by what it speaks for', async () => {
    const cache = new CredentialCache();
    await cache.callerFor('token', 'otto_a', 0, async () => verified());
    await cache.callerFor('session', 'cookie', 0, async () => verified());
    cache.forget((credential) => credential.tokenId === 'tok_1');
    expect(await cache.callerFor('token', 'otto_a', 0, async () => null)).toBeNull();
    expect(await cache.callerFor('session', 'cookie', 0, async () => null)).toBeNull();
    await cache.callerFor('session', 'cookie', 0, async () => verified());
    cache.forgetSecret('session', 'cookie');
    expect(await cache.callerFor('session', 'cookie', 0, async () => null)).toBeNull();
  });

  it('does not keep a verification that was under way when something was forgotten', async () => {
    const cache = new CredentialCache();
    let finish!: (credential: VerifiedCredential) => void;
    const reading = cache.callerFor('token', 'otto_a', 0, () => new Promise((resolve) => (finish = resolve)));
    // A revocation lands while the read that saw the token unrevoked is still on its way back.
    cache.forget(() => true);
    finish(verified());
    expect(await reading).toBe(alice);
    expect(await cache.callerFor('token', 'otto_a', 0, async () => null)).toBeNull();
  });
});

describe('OperatorService credentials', () => {
  let store: Store;
  let now: number;
  let operators: OperatorService;
  let operatorId: string;

  beforeEach(async () => {
    store = await openMemoryStore();
    now = 1_000_000;
    operators = new OperatorService({ store, clock: () => now, legacyToken: 'legacy-operator-token-0123456789' });
    await operators.bootstrap();
    operatorId = (await createOperator(store.db, { name: 'carol', role: 'OPERATOR', passwordHash: null, now })).id;
  });
  afterEach(() => store.close());

  it('answers a repeated token from memory: the database is not read again', async () => {
    const { secret } = await createApiToken(store.db, { operatorId, name: 'poller', role: 'OPERATOR', expiresAt: null, now });
    expect(await operators.callerForToken(secret)).toMatchObject({ operatorId, role: 'OPERATOR', actor: 'carol (token: poller)' });
    // Gone behind the service's back (as through another gateway): still believed, for at most a second.
    await store.db.deleteFrom('api_tokens').execute();
    expect(await operators.callerForToken(secret)).toMatchObject({ operatorId });
  });

  it('stops a token at its expiry, however recently it was verified', async () => {
    const { secret } = await createApiToken(store.db, { operatorId, name: 'short', role: 'OPERATOR', expiresAt: now + 5_000, now });
    expect(await operators.callerForToken(secret)).not.toBeNull();
    now += 4_999;
    expect(await operators.callerForToken(secret)).not.toBeNull();
    now += 1;
    expect(await operators.callerForToken(secret)).toBeNull();
  });

  it('stops a session at its expiry, however recently it was verified', async () => {
    const { secret } = await createConsoleSession(store.db, { operatorId, now, ttlMs: 5_000, userAgent: null, clientAddress: null });
    expect(await operators.callerForSession(secret)).toMatchObject({ operatorId });
    now += 5_000;
    expect(await operators.callerForSession(secret)).toBeNull();
  });

  it('drops a revoked token, a demoted or disabled operator and a closed session on the next call', async () => {
    const { secret, apiToken } = await createApiToken(store.db, { operatorId, name: 'poller', role: 'OPERATOR', expiresAt: null, now });
    const other = await createApiToken(store.db, { operatorId, name: 'other', role: 'OPERATOR', expiresAt: null, now });
    const cookie = await operators.openSession(operatorId, { userAgent: null, clientAddress: null });
    expect(await operators.callerForToken(secret)).not.toBeNull();
    expect(await operators.callerForSession(cookie)).toMatchObject({ role: 'OPERATOR' });

    await operators.update(operatorId, { role: 'VIEWER' });
    expect(await operators.callerForToken(other.secret)).toMatchObject({ role: 'VIEWER' });
    expect(await operators.callerForSession(cookie)).toMatchObject({ role: 'VIEWER' });

    await operators.revokeToken(apiToken.id);
    expect(await operators.callerForToken(secret)).toBeNull();
    expect(await operators.callerForToken(other.secret)).not.toBeNull();

    await operators.closeSession(cookie);
    expect(await operators.callerForSession(cookie)).toBeNull();

    await operators.update(operatorId, { disabled: true });
    expect(await operators.callerForToken(other.secret)).toBeNull();
  });

  it('drops the legacy token when its admin is disabled', async () => {
    const admin = await operators.callerForToken('legacy-operator-token-0123456789');
    expect(admin).toMatchObject({ role: 'ADMIN', actor: 'admin (token: legacy)' });
    await operators.update(admin!.operatorId, { disabled: true });
    expect(await operators.callerForToken('legacy-operator-token-0123456789')).toBeNull();
  });
});
