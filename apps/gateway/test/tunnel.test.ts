import { createFakeOpencode } from '@otto/opencode';
import { rememberSecrets } from '@otto/testkit/test-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeTunnel, type FakeTunnel } from '../src/tunnel/fake-tunnel.js';
import { NEEDS_PASSWORD } from '../src/tunnel/tunnel.service.js';
import { codes, startTestGateway, type GqlResult, type TestGateway } from './harness.js';

// The tunnel through the whole gateway, on the in-memory tunnel: the real cloudflared module has
// tests of its own (cloudflared.test.ts) with a stand-in executable.
const ADMIN_PASSWORD = 'the-admin-password-for-tunnels';
rememberSecrets(ADMIN_PASSWORD);
const CSRF = { 'x-graphql-yoga-csrf': '1', 'content-type': 'application/json' };
const TUNNEL = '{ system { tunnel { state url lastError restarts } } }';

const open: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of open.splice(0)) await gateway.close();
});

async function gateway(options: { tunnel?: FakeTunnel; tunnelConfigured?: boolean; cookieSecure?: boolean } = {}) {
  const t = await startTestGateway({ opencode: createFakeOpencode(), start: false, ...options });
  open.push(t);
  return t;
}

/** The bootstrap admin chooses a password, as the setup link or setPassword lets them. */
async function choosePassword(t: TestGateway) {
  const result = await t.gql('mutation($p: String!) { setPassword(input: { newPassword: $p }) { id } }', { p: ADMIN_PASSWORD });
  expect(result.body.errors).toBeUndefined();
}

const tunnelOf = (result: GqlResult) => (result.body.data as { system: { tunnel: unknown } }).system.tunnel;

async function auditRows(t: TestGateway, action: string) {
  return t.store.db.selectFrom('audit_events').select(['actor', 'outcome', 'error_code']).where('action', '=', action).orderBy('id').execute();
}

async function signInCookie(t: TestGateway): Promise<string> {
  const response = await t.fetch('/auth/session', { method: 'POST', headers: CSRF, body: JSON.stringify({ name: 'admin', password: ADMIN_PASSWORD }) });
  expect(response.status).toBe(204);
  const cookie = response.headers.get('set-cookie') ?? '';
  rememberSecrets(cookie.split(';')[0]!.split('=')[1]);
  return cookie;
}

describe('tunnel', () => {
  it('is null while OTTO_TUNNEL is off and nobody started one', async () => {
    const t = await gateway({ tunnel: createFakeTunnel() });
    expect(tunnelOf(await t.gql(TUNNEL))).toBeNull();
  });

  it('shows its state, url, last error and restarts as an admin starts it, it crashes and comes back, and an admin stops it; each audited', async () => {
    const tunnel = createFakeTunnel();
    const t = await gateway({ tunnel });
    await choosePassword(t);

    const started = await t.gql('mutation { startTunnel { state url restarts } }');
    expect(started.body).toEqual({ data: { startTunnel: { state: 'STARTING', url: null, restarts: 0 } } });
    tunnel.up('https://amber-brisk-cedar-delta.trycloudflare.com');
    expect(tunnelOf(await t.gql(TUNNEL))).toEqual({ state: 'UP', url: 'https://amber-brisk-cedar-delta.trycloudflare.com', lastError: null, restarts: 0 });

    tunnel.crash('exited with code 1: Connection terminated');
    expect(tunnelOf(await t.gql(TUNNEL))).toEqual({ state: 'BACKING_OFF', url: null, lastError: 'exited with code 1: Connection terminated', restarts: 1 });
    tunnel.up('https://ember-fable-grove-harbor.trycloudflare.com');
    expect(tunnelOf(await t.gql(TUNNEL))).toMatchObject({ state: 'UP', url: 'https://ember-fable-grove-harbor.trycloudflare.com', restarts: 1 });

    // Starting it again while it runs changes nothing.
    expect((await t.gql('mutation { startTunnel { state } }')).body.data).toEqual({ startTunnel: { state: 'UP' } });
    expect(tunnel.starts).toBe(1);

    expect((await t.gql('mutation { stopTunnel { state url } }')).body.data).toEqual({ stopTunnel: { state: 'DOWN', url: null } });
    expect(tunnelOf(await t.gql(TUNNEL))).toMatchObject({ state: 'DOWN', url: null });

    expect(await auditRows(t, 'tunnel.start')).toEqual([
      { actor: 'admin (token: legacy)', outcome: 'OK', error_code: null },
      { actor: 'admin (token: legacy)', outcome: 'OK', error_code: null },
    ]);
    expect(await auditRows(t, 'tunnel.stop')).toEqual([{ actor: 'admin (token: legacy)', outcome: 'OK', error_code: null }]);
  });

  it('refuses to start while only the legacy shared token guards the console, saying to choose the admin password', async () => {
    const tunnel = createFakeTunnel();
    const t = await gateway({ tunnel });
    const refused = await t.gql('mutation { startTunnel { state } }');
    expect(codes(refused)).toEqual(['PASSWORD_REQUIRED']);
    expect(refused.body.errors?.[0]?.message).toMatch(/setup link.*admin password/);
    expect(tunnel.starts).toBe(0);
    expect(tunnelOf(await t.gql(TUNNEL))).toBeNull();
    expect(await auditRows(t, 'tunnel.start')).toEqual([{ actor: 'admin (token: legacy)', outcome: 'ERROR', error_code: 'PASSWORD_REQUIRED' }]);

    await choosePassword(t);
    expect(codes(await t.gql('mutation { startTunnel { state } }'))).toEqual([]);
    expect(tunnel.starts).toBe(1);
  });

  it('with OTTO_TUNNEL set but no admin password, does not start at boot and says why on the System page until an admin starts it', async () => {
    const tunnel = createFakeTunnel();
    const t = await gateway({ tunnel, tunnelConfigured: true });
    expect(await t.gateway.services.tunnel.startWithGateway()).toBe(NEEDS_PASSWORD);
    expect(tunnel.starts).toBe(0);
    expect(tunnelOf(await t.gql(TUNNEL))).toEqual({ state: 'DOWN', url: null, lastError: NEEDS_PASSWORD, restarts: 0 });

    await choosePassword(t);
    expect((await t.gql('mutation { startTunnel { state lastError } }')).body.data).toEqual({ startTunnel: { state: 'STARTING', lastError: null } });
  });

  it('starts with the gateway when OTTO_TUNNEL is set and an admin has a password', async () => {
    const tunnel = createFakeTunnel();
    const t = await gateway({ tunnel, tunnelConfigured: true });
    await choosePassword(t);
    expect(await t.gateway.services.tunnel.startWithGateway()).toBeNull();
    expect(tunnel.starts).toBe(1);
  });

  it('answers TUNNEL_UNAVAILABLE, saying how to fix it, when cloudflared is not installed', async () => {
    const tunnel = createFakeTunnel();
    tunnel.uninstall();
    const t = await gateway({ tunnel });
    await choosePassword(t);
    const result = await t.gql('mutation { startTunnel { state } }');
    expect(codes(result)).toEqual(['TUNNEL_UNAVAILABLE']);
    expect(tunnelOf(await t.gql(TUNNEL))).toMatchObject({ state: 'DOWN', lastError: 'fake-cloudflared is not installed' });
  });

  it('forbids viewers and operators to start or stop it', async () => {
    const t = await gateway({ tunnel: createFakeTunnel() });
    await choosePassword(t);
    for (const role of ['VIEWER', 'OPERATOR']) {
      const operator = await t.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', {
        i: { name: `tunnel-${role.toLowerCase()}`, password: `${role.toLowerCase()}-password-long-enough`, role },
      });
      rememberSecrets(`${role.toLowerCase()}-password-long-enough`);
      const made = await t.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
        i: { name: 'tunnel test', operatorId: operator.body.data!.createOperator.id },
      });
      const token = made.body.data!.createApiToken.token;
      rememberSecrets(token);
      expect(codes(await t.gql('mutation { startTunnel { state } }', {}, { token }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql('mutation { stopTunnel { state } }', {}, { token }))).toEqual(['FORBIDDEN']);
    }
    expect((await auditRows(t, 'tunnel.start')).map((row) => row.error_code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });
});

describe('session cookie', () => {
  it('is Secure with a tunnel configured, though the gateway sees plain http', async () => {
    const t = await gateway({ tunnel: createFakeTunnel(), tunnelConfigured: true });
    await choosePassword(t);
    expect(await signInCookie(t)).toMatch(/; Secure/);
  });

  it('is Secure once an admin started a tunnel, and not before', async () => {
    const t = await gateway({ tunnel: createFakeTunnel() });
    await choosePassword(t);
    expect(await signInCookie(t)).not.toMatch(/Secure/);
    await t.gql('mutation { startTunnel { state } }');
    expect(await signInCookie(t)).toMatch(/; Secure/);
  });

  it('is Secure with OTTO_COOKIE_SECURE and no tunnel', async () => {
    const t = await gateway({ cookieSecure: true });
    await choosePassword(t);
    expect(await signInCookie(t)).toMatch(/; Secure/);
  });
});
