/** Whether a token still works, as far as its dates tell. */
export type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(token: { revokedAt?: string | null; expiresAt?: string | null }, now: number): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

export const TOKEN_STATUS_LABELS: Record<TokenStatus, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/** `YYYY-MM-DD` of a date input, in the browser's time zone. */
export function dateInputValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * The instant a token chosen to expire "on" a day (a date input's `YYYY-MM-DD`) stops working: the
 * end of that day where the operator is, so it works all of that day. Null for no date, or one that
 * does not parse.
 */
export function expiryOf(input: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = new Date(year, month - 1, date);
  // 2026-02-31 would roll over into March: not a day.
  if (day.getFullYear() !== year || day.getMonth() !== month - 1 || day.getDate() !== date) return null;
  return new Date(year, month - 1, date + 1).toISOString();
}
