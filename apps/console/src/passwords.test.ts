import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from './passwords';

describe('newPasswordProblem', () => {
  it('asks for 12 characters, and the same password twice', () => {
    expect(newPasswordProblem('short')).toBe('Use at least 12 characters (this one has 5).');
    expect(newPasswordProblem('twelve chars')).toBeNull();
    expect(newPasswordProblem('twelve chars', 'twelve chars')).toBeNull();
    expect(newPasswordProblem('twelve chars', 'twelve charz')).toBe('The two passwords are not the same.');
  });
});
