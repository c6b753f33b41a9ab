import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGatewayProcess, startModelServer, startOpencode, type GatewayProcess, type ModelServer, type OpencodeInstance } from '@otto/testkit';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, until } from './processes.js';

// A gateway remembers a verified token for at most 1 s. Two gateway processes on one SQLite file,
// a real OpenCode behind them: a token revoked through one is refused by it at once, and by the other
// as soon as its memory of the token has aged out. Run from source, like cli.test.ts.
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let model: ModelServer;
let opencode: OpencodeInstance;
let dir: string;
let a: GatewayProcess;
let b: GatewayProcess;

beforeAll(async () => {
  model = await startModelServer();
  opencode = await startOpencode({ modelUrl: model.url });
  dir = await mkdtemp(join(tmpdir(), 'otto-credential-cache-'));
  const env = { OTTO_DATABASE_URL: `sqlite:${join(dir, 'otto.sqlite')}`, NODE_OPTIONS: '--import tsx' };
  // Started one after the other: the second finds the file migrated.
  a = await startGatewayProcess({ entry: MAIN, opencodeUrl: opencode.url, opencodePassword: opencode.password, env });
  b = await startGatewayProcess({ entry: MAIN, opencodeUrl: opencode.url, opencodePassword: opencode.password, env });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([a?.dispose(), b?.dispose()]);
  await opencode?.dispose();
  await model?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

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
    await until(async () => (await statusWith(b, token)) === 'UNAUTHENTICATED', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (const gateway of [b, a]) expect(await statusWith(gateway, token)).toBe('UNAUTHENTICATED');
  });
});
