import { createFakeOpencode, describeExit, SupervisionHistory } from '@otto/opencode';
import type { Role } from '@otto/store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SupervisorView } from '../src/system/supervisor.service.js';
import { codes, ok, startTestGateway, type TestGateway } from './harness.js';

// The supervisor as the API shows it, on a fake whose history the test writes (the real supervisor
// is driven through `opencode serve` in supervision.integration.test.ts).
const SUPERVISOR = '{ system { supervisor { state pid startedAt restarts { at reason exitCode signal downMs } } } }';
const RESTART = 'mutation Restart { restartOpenCode { state pid restarts { reason } } }';

type Supervisor = { state: string; pid: number | null; startedAt: string | null; restarts: Array<Record<string, unknown>> };

let history: SupervisionHistory;
let pid: number | undefined;
const supervisor: SupervisorView = {
  state: () => history.state(),
  pid: () => pid,
  startedAt: () => history.startedAt() ?? undefined,
  restarts: () => history.restarts(),
  restart: vi.fn(async () => {
    history.resume();
    pid = 5000;
    history.serving(Date.now());
  }),
};

let supervised: TestGateway;
let external: TestGateway;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  supervised = await startTestGateway({ opencode: createFakeOpencode(), start: false, supervisor });
  external = await startTestGateway({ opencode: createFakeOpencode(), start: false });
  for (const role of ['VIEWER', 'OPERATOR'] as const) tokens[role] = await tokenOf(role);
});
afterAll(async () => {
  await supervised.close();
  await external.close();
});

async function tokenOf(role: Role): Promise<string> {
  const name = `supervisor-${role.toLowerCase()}`;
  const { createOperator } = ok(
    await supervised.gql<{ createOperator: { id: string } }>('mutation($i: CreateOperatorInput!) { createOperator(input: $i) { id } }', {
      i: { name, password: `${name}-password-long-enough`, role },
    }),
  );
  const { createApiToken } = ok(
    await supervised.gql<{ createApiToken: { token: string } }>('mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }', {
      i: { name, operatorId: createOperator.id },
    }),
  );
  return createApiToken.token;
}

describe('system.supervisor', () => {
  it('is null when OPENCODE_URL points to a server the gateway does not run', async () => {
    expect(ok(await external.gql<{ system: { supervisor: null } }>(SUPERVISOR)).system.supervisor).toBeNull();
  });

  it('shows the state, the pid, when the server started, and its restarts newest first with their downtime', async () => {
    const clock = { now: Date.parse('2026-03-01T10:00:00Z') };
    history = new SupervisionHistory({}, () => clock.now);
    history.serving(clock.now);
    clock.now += 60_000;
    history.exited({ code: null, signal: 'SIGKILL', reason: describeExit(null, 'SIGKILL'), planned: false });
    clock.now += 1_500;
    history.serving(clock.now - 500);
    clock.now += 60_000;
    history.exited({ code: 1, signal: null, reason: describeExit(1, null), planned: false });
    pid = undefined;

    const shown = ok(await supervised.gql<{ system: { supervisor: Supervisor } }>(SUPERVISOR, {}, { token: tokens.VIEWER })).system.supervisor;
    expect(shown).toEqual({
      state: 'BACKING_OFF',
      pid: null,
      startedAt: null,
      restarts: [
        { at: '2026-03-01T10:02:01.500Z', reason: 'exited with code 1', exitCode: 1, signal: null, downMs: null },
        { at: '2026-03-01T10:01:00.000Z', reason: 'exited (SIGKILL)', exitCode: null, signal: 'SIGKILL', downMs: 1_500 },
      ],
    });

    history.serving(clock.now);
    pid = 4321;
    const running = ok(await supervised.gql<{ system: { supervisor: Supervisor } }>(SUPERVISOR)).system.supervisor;
    expect(running).toMatchObject({ state: 'RUNNING', pid: 4321, startedAt: '2026-03-01T10:02:01.500Z' });
  });
});

describe('restartOpenCode', () => {
  it('is for admins only: a viewer or an operator is refused, and the supervisor is not asked', async () => {
    for (const role of ['VIEWER', 'OPERATOR'] as const) {
      const refused = await supervised.gql(RESTART, {}, { token: tokens[role] });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
    }
    expect(supervisor.restart).not.toHaveBeenCalled();
  });

  it('starts OpenCode again out of a crash loop and answers the supervisor afterwards, with an audit row opencode.restart', async () => {
    history = new SupervisionHistory({ maxExits: 1 });
    history.exited({ code: null, signal: 'SIGKILL', reason: describeExit(null, 'SIGKILL'), planned: false });
    pid = undefined;
    expect(history.state()).toBe('CRASH_LOOP');

    const restarted = ok(await supervised.gql<{ restartOpenCode: Supervisor }>(RESTART));
    expect(restarted.restartOpenCode).toEqual({ state: 'RUNNING', pid: 5000, restarts: [{ reason: 'exited (SIGKILL)' }] });
    expect(supervisor.restart).toHaveBeenCalledTimes(1);

    const { auditEvents } = ok(
      await supervised.gql<{ auditEvents: { nodes: Array<{ action: string; operationName: string; outcome: string }> } }>(
        '{ auditEvents(first: 1) { nodes { action operationName outcome } } }',
      ),
    );
    expect(auditEvents.nodes).toEqual([{ action: 'OPENCODE_RESTART', operationName: 'Restart', outcome: 'OK' }]);
  });

  it('answers NOT_SUPERVISED when the gateway does not run OpenCode, and audits that', async () => {
    const refused = await external.gql(RESTART);
    expect(codes(refused)).toEqual(['NOT_SUPERVISED']);
    const row = await external.store.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'opencode.restart', outcome: 'ERROR', error_code: 'NOT_SUPERVISED' });
  });
});
