import { describe, expect, it } from 'vitest';
import { dateInputValue, expiryOf, tokenStatus } from './apiTokens';

describe('tokenStatus', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('is revoked, expired or active, in that order', () => {
    expect(tokenStatus({ revokedAt: '2026-11-01T00:00:00Z', expiresAt: '2026-11-02T00:00:00Z' }, now)).toBe('revoked');
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-11-27T12:00:00Z' }, now)).toBe('expired');
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-11-28T00:00:00Z' }, now)).toBe('active');
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active');
  });
});

describe('expiryOf', () => {
  it('lets a token work through the whole chosen day, where the operator is', () => {
    const expiry = expiryOf('2026-12-31');
    expect(expiry).toBe(new Date(2027, 0, 1).toISOString());
    expect(dateInputValue(new Date(Date.parse(expiry!) - 1))).toBe('2026-12-31');
  });

  it('is null without a date, or for one that is not a day', () => {
    expect(expiryOf('')).toBeNull();
    expect(expiryOf('2026-02-31')).toBeNull();
    expect(expiryOf('31/12/2026')).toBeNull();
  });
});
