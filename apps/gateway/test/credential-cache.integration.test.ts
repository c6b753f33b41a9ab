import type { GatewayProcess } from '@otto/testkit';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './harness.js';
import { gql, startSqlitePair, type SqlitePair } from './processes.js';

// A gateway remembers a verified token for at most 1 s. Two gateway processes on one SQLite file,
// a real OpenCode behind them: a token revoked through one is refused by it at once, and by the other
// as soon as its memory of the token has aged out.
let a: GatewayProcess;
let b: GatewayProcess;
let pair: SqlitePair;

beforeAll(async () => {
  // Started one after the other: the second finds the file migrated.
  pair = await startSqlitePair({ together: false });
  ({ a, b } = pair);
}, 120_000);

afterAll(() => pair?.close());

async function statusWith(gateway: GatewayProcess, token: string): Promise<number | string> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ threads(first: 5) { totalCount } }' }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
  return body.errors?.[0]?.extensions?.code ?? response.status;
}

describe('a token polled through two gateways on one database', () => {
  it('is refused by the gateway that revoked it on the next poll, and by the other once its second has passed', async () => {
    const made = await gql<{ createApiToken: { token: string; apiToken: { id: string } } }>(a, 'mutation { createApiToken(input: { name: "two-gateway poller", role: VIEWER }) { token apiToken { id } } }');
    const { token, apiToken } = made.data!.createApiToken;
    rememberSecrets(token);
    for (const gateway of [a, b, a, b]) expect(await statusWith(gateway, token)).toBe(200);

    const revoked = await gql(a, 'mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiToken.id });
    expect(revoked.errors).toBeUndefined();
    expect(await statusWith(a, token)).toBe('UNAUTHENTICATED');
    // The other gateway may still believe it for up to a second; then never again.
    await eventually(async () => (await statusWith(b, token)) === 'UNAUTHENTICATED', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (const gateway of [b, a]) expect(await statusWith(gateway, token)).toBe('UNAUTHENTICATED');
  });
});
