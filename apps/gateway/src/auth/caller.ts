/** Who a request speaks for, as auth decided: the operator, through a bearer token or the console's session. */
export interface Caller {
  actor: string;
  via: 'token' | 'session';
}

export const OPERATOR_BY_TOKEN: Caller = { actor: 'operator', via: 'token' };
export const OPERATOR_BY_SESSION: Caller = { actor: 'operator (console)', via: 'session' };
