/** The gateway refuses shorter passwords (BAD_USER_INPUT). */
export const MIN_PASSWORD_LENGTH = 12;

/** What is wrong with a new password and its confirmation, in a sentence; null when nothing is. */
export function newPasswordProblem(password: string, confirmation?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${password.length}).`;
  }
  if (confirmation !== undefined && confirmation !== password) return 'The two passwords are not the same.';
  return null;
}
