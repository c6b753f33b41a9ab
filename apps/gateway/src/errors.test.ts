import { OpencodeError } from '@otto/opencode';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { badInput, codedError, toClientError } from './errors.js';

const unexpected = () => vi.fn<(error: unknown) => void>();

describe('toClientError', () => {
  it('passes coded errors through, with their message and an HTTP status where one fits', () => {
    const onUnexpected = unexpected();
    expect(toClientError(badInput('text must not be empty', 'text'), onUnexpected).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(toClientError(codedError('RATE_LIMITED', 'slow down'), onUnexpected).extensions).toMatchObject({ code: 'RATE_LIMITED', http: { status: 429 } });
    expect(onUnexpected).not.toHaveBeenCalled();
  });

  it.each([
    ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE'],
    ['UPSTREAM_TIMEOUT', 'UPSTREAM_TIMEOUT'],
    ['NOT_FOUND', 'NOT_FOUND'],
    ['BAD_REQUEST', 'BAD_USER_INPUT'],
  ] as const)('maps an OpenCode %s failure, wrapped by execution, to %s', (upstream, code) => {
    const wrapped = new GraphQLError('wrapped', { originalError: new OpencodeError(upstream, 'OpenCode said no'), path: ['sendMessage'] });
    const error = toClientError(wrapped, unexpected());
    expect(error.extensions.code).toBe(code);
    expect(error.path).toEqual(['sendMessage']);
  });

  it('gives errors graphql itself raised (validation, coercion) BAD_USER_INPUT', () => {
    expect(toClientError(new GraphQLError('Cannot query field "nope"'), unexpected()).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('masks anything unexpected as INTERNAL and reports it', () => {
    const onUnexpected = unexpected();
    const secret = new Error('db password is hunter2');
    const error = toClientError(new GraphQLError('boom', { originalError: secret }), onUnexpected);
    expect(error.message).toBe('Unexpected error.');
    expect(error.extensions.code).toBe('INTERNAL');
    expect(onUnexpected).toHaveBeenCalledWith(secret);
  });
});
