import { describe, expect, it } from 'vitest';
import { fromStatus, fromThrown } from './errors.js';

describe('OpenCode error mapping', () => {
  it.each([
    [404, 'NOT_FOUND'],
    [400, 'BAD_REQUEST'],
    [401, 'UPSTREAM_UNAVAILABLE'],
    [500, 'UPSTREAM_UNAVAILABLE'],
    [503, 'UPSTREAM_UNAVAILABLE'],
  ])('maps HTTP %i to %s', (status, code) => {
    expect(fromStatus('session.get', status).code).toBe(code);
  });

  it('tells a timeout from a refused connection, naming the cause but no secrets', () => {
    expect(fromThrown('session.list', new Error('aborted'), true).code).toBe('UPSTREAM_TIMEOUT');
    const refused = fromThrown('session.list', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), false);
    expect(refused.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(refused.message).toBe('OpenCode unreachable during session.list (ECONNREFUSED)');
  });
});
