import type { Role } from '@otto/store';

/** Who a request speaks for, as auth decided: an operator, signed in or through one of their tokens. */
export interface Caller {
  operatorId: string;
  /** The operator's name. */
  name: string;
  /** What this request may do: the operator's role, or less for a token made with less. */
  role: Role;
  /** How the audit log names it: `alice`, or `alice (token: nightly)`. */
  actor: string;
  /** The console session it came with, if any. */
  sessionId?: string;
}

export function callerFor(operator: { id: string; name: string }, role: Role, via: { tokenName?: string; sessionId?: string } = {}): Caller {
  return {
    operatorId: operator.id,
    name: operator.name,
    role,
    actor: via.tokenName ? `${operator.name} (token: ${via.tokenName})` : operator.name,
    sessionId: via.sessionId,
  };
}
