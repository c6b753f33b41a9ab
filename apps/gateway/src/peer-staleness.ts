/**
 * How long this gateway trusts what it read of state that other gateways on the same database may
 * change — bindings, pins, verified credentials, sign-in failure counts — before it reads it again:
 * the one bound on how late another gateway's write is seen here. Writes made through this gateway
 * take effect here at once.
 */
export const PEER_STALENESS_MS = 1_000;
