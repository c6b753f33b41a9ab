import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { badInputField, describeError, errorCode, isOutcomeUnknown } from './errors';

const coded = (code: string, message = `server says ${code}`) =>
  new CombinedError({ graphQLErrors: [{ message, extensions: { code } }] });

describe('errors', () => {
  it('knows only the codes the schema names', () => {
    expect(errorCode(coded('DELIVERY_UNCONFIRMED'))).toBe('DELIVERY_UNCONFIRMED');
    expect(errorCode(coded('SOMETHING_NEW'))).toBeUndefined();
    expect(errorCode(coded('toString'))).toBeUndefined();
  });

  it("keeps the server's message where it is about the operator's input, and words the rest", () => {
    expect(describeError(coded('BAD_USER_INPUT', 'title is blank'))).toBe('title is blank');
    expect(describeError(coded('BAD_REQUEST'))).toMatch(/could not read the request/);
    expect(describeError(coded('DELIVERY_UNCONFIRMED'))).toMatch(/may or may not/);
    expect(describeError(coded('SOMETHING_NEW', 'as the server put it'))).toBe('as the server put it');
  });

  it('words a refusal by role as something an admin can change', () => {
    expect(describeError(coded('FORBIDDEN'))).toBe('Your role does not allow this. An admin can give you a role that does.');
  });

  it('names the input field a BAD_USER_INPUT is about', () => {
    const onField = new CombinedError({
      graphQLErrors: [{ message: 'currentPassword is not your current password', extensions: { code: 'BAD_USER_INPUT', field: 'input.currentPassword' } }],
    });
    expect(badInputField(onField)).toBe('input.currentPassword');
    expect(badInputField(coded('BAD_USER_INPUT'))).toBeUndefined();
    expect(badInputField(coded('NOT_FOUND'))).toBeUndefined();
  });

  it('tells an unknown outcome from a failure', () => {
    expect(isOutcomeUnknown(coded('DELIVERY_UNCONFIRMED'))).toBe(true);
    expect(isOutcomeUnknown(coded('IDEMPOTENCY_IN_PROGRESS'))).toBe(true);
    expect(isOutcomeUnknown(new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toBe(true);
    expect(isOutcomeUnknown(coded('UPSTREAM_UNAVAILABLE'))).toBe(false);
  });
});
