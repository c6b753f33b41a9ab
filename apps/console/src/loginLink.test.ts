import { describe, expect, it, vi } from 'vitest';
import { captureLoginLink, hasLoginLink, loginLinkOf, takeLoginLink } from './loginLink';

describe('loginLinkOf', () => {
  it('reads the first-start secret, or a token, from the fragment', () => {
    expect(loginLinkOf('#setup=abc-DEF_123')).toEqual({ kind: 'setup', secret: 'abc-DEF_123' });
    expect(loginLinkOf('#setup=a%2Fb')).toEqual({ kind: 'setup', secret: 'a/b' });
    expect(loginLinkOf('#token=otto_xyz')).toEqual({ kind: 'token', secret: 'otto_xyz' });
    expect(loginLinkOf('#setup=')).toBeUndefined();
    expect(loginLinkOf('#main')).toBeUndefined();
    expect(loginLinkOf('')).toBeUndefined();
  });
});

describe('captureLoginLink', () => {
  it('holds the secret once and replaces the history entry with the address without it', () => {
    const history = { replaceState: vi.fn() };
    captureLoginLink({ pathname: '/login', search: '?next=%2Faudit', hash: '#setup=s3cret' }, history);
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/login?next=%2Faudit');
    expect(hasLoginLink()).toBe(true);
    expect(takeLoginLink()).toEqual({ kind: 'setup', secret: 's3cret' });
    expect(takeLoginLink()).toBeUndefined();
  });

  it('leaves other pages and other fragments alone', () => {
    const history = { replaceState: vi.fn() };
    captureLoginLink({ pathname: '/threads/ses_1', search: '', hash: '#setup=s3cret' }, history);
    captureLoginLink({ pathname: '/login', search: '', hash: '#main' }, history);
    expect(history.replaceState).not.toHaveBeenCalled();
    expect(hasLoginLink()).toBe(false);
  });
});
