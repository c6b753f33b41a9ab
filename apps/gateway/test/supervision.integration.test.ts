import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/server.js';
import { eventually } from './harness.js';
import { startSupervisedServer, type SupervisedServer } from './supervised-server.js';

// A crash loop of the real `opencode serve`, with the default limits (5 unplanned exits within 10
// minutes) and a short restart backoff, so five kills in a row make one within seconds.
let server: SupervisedServer;
let running: RunningGateway;
const ADMIN_TOKEN = 'supervision-admin-token-0123456789';
const BACKOFF = { initialMs: 50, maxMs: 200 };

interface Supervisor {
  state: string;
  pid: number | null;
  startedAt: string | null;
  restarts: Array<{ at: string; reason: string; exitCode: number | null; signal: string | null; downMs: number | null }>;
}

interface GqlBody<T> {
  data?: T;
  errors?: Array<{ extensions?: { code?: string } }>;
}

async function gql<T>(query: string): Promise<GqlBody<T>> {
  const response = await fetch(running.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as GqlBody<T>;
}

const supervisor = async () =>
  (await gql<{ system: { supervisor: Supervisor } }>('{ system { supervisor { state pid startedAt restarts { at reason exitCode signal downMs } } } }')).data!.system
    .supervisor;

async function readyz(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${running.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

const ready = () =>
  eventually(async () => {
    const answer = await readyz();
    return answer.status === 200 && answer.body;
  }, 30_000);

beforeAll(async () => {
  server = await startSupervisedServer({ env: { OTTO_OPERATOR_TOKEN: ADMIN_TOKEN }, start: { restartBackoff: BACKOFF } });
  running = server.running;
});

afterAll(async () => {
  await server?.close();
});

describe('a supervised OpenCode that keeps dying', () => {
  it('is restarted four times, then left down in a crash loop that /readyz reports, until an admin restarts it', async () => {
    const up = await eventually(async () => {
      const now = await supervisor();
      return now.state === 'RUNNING' && now.pid !== null && now;
    }, 30_000);
    expect(up.startedAt).not.toBeNull();
    expect(await ready()).toEqual({ status: 'ready', checks: { database: 'ok', opencode: 'ok' } });

    let pid = up.pid!;
    for (let kill = 1; kill <= 5; kill += 1) {
      process.kill(pid, 'SIGKILL');
      if (kill === 5) break;
      const killed = pid;
      pid = await eventually(async () => {
        const now = await supervisor();
        return now.state === 'RUNNING' && now.pid !== null && now.pid !== killed && now.pid;
      }, 30_000);
    }

    const looping = await eventually(async () => {
      const now = await supervisor();
      return now.state === 'CRASH_LOOP' && now;
    }, 10_000);
    expect(looping.pid).toBeNull();
    expect(looping.startedAt).toBeNull();
    expect(looping.restarts).toHaveLength(5);
    for (const event of looping.restarts) expect(event).toMatchObject({ reason: 'exited (SIGKILL)', signal: 'SIGKILL', exitCode: null });
    // Newest first: the last exit is still down; each earlier one ended when the next server served.
    expect(looping.restarts[0]?.downMs).toBeNull();
    for (const event of looping.restarts.slice(1)) expect(event.downMs).toBeGreaterThanOrEqual(0);

    // Many times the longest backoff: any restart would have happened by now.
    await new Promise((resolve) => setTimeout(resolve, 10 * BACKOFF.maxMs));
    expect(await supervisor()).toMatchObject({ state: 'CRASH_LOOP', pid: null });
    expect(running.supervisor!.pid()).toBeUndefined();
    expect(await readyz()).toEqual({ status: 503, body: { status: 'not_ready', checks: { database: 'ok', opencode: 'crash_loop' } } });

    const restarted = await gql<{ restartOpenCode: { state: string } }>('mutation Revive { restartOpenCode { state } }');
    expect(restarted.errors).toBeUndefined();
    expect(['STARTING', 'RUNNING']).toContain(restarted.data?.restartOpenCode.state);

    const back = await eventually(async () => {
      const now = await supervisor();
      return now.state === 'RUNNING' && now.pid !== null && now;
    }, 30_000);
    expect(back.restarts[0]?.downMs).toBeGreaterThan(10 * BACKOFF.maxMs);
    expect(await ready()).toEqual({ status: 'ready', checks: { database: 'ok', opencode: 'ok' } });

    const audit = await gql<{ auditEvents: { nodes: Array<{ action: string; operationName: string; outcome: string }> } }>(
      '{ auditEvents(first: 5, action: OPENCODE_RESTART) { nodes { action operationName outcome } } }',
    );
    expect(audit.data?.auditEvents.nodes).toEqual([{ action: 'OPENCODE_RESTART', operationName: 'Revive', outcome: 'OK' }]);
  });
});
