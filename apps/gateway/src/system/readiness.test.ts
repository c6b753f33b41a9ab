import type { SupervisorState } from '@otto/opencode';
import { describe, expect, it } from 'vitest';
import type { UpstreamStatus } from './health.service.js';
import { readiness } from './readiness.js';

const ports = (overrides: {
  ping?: () => Promise<void>;
  opencode?: UpstreamStatus;
  supervisor?: SupervisorState;
  databaseTimeoutMs?: number;
}) => ({
  pingDatabase: overrides.ping ?? (() => Promise.resolve()),
  opencodeStatus: () => overrides.opencode ?? 'UP',
  supervisorState: () => overrides.supervisor,
  databaseTimeoutMs: overrides.databaseTimeoutMs,
});

describe('readiness', () => {
  it('is ready when the database answers and OpenCode is up or merely degraded, supervised or not', async () => {
    const ok = { ready: true, checks: { database: 'ok', opencode: 'ok' } };
    expect(await readiness(ports({}))).toEqual(ok);
    expect(await readiness(ports({ opencode: 'DEGRADED', supervisor: 'RUNNING' }))).toEqual(ok);
  });

  it('names a database that fails its query "error", and one that does not answer in time "down"', async () => {
    expect(await readiness(ports({ ping: () => Promise.reject(new Error('SQLITE_CORRUPT')) }))).toEqual({
      ready: false,
      checks: { database: 'error', opencode: 'ok' },
    });
    const never = () => new Promise<void>(() => undefined);
    expect(await readiness(ports({ ping: never, databaseTimeoutMs: 10 }))).toEqual({ ready: false, checks: { database: 'down', opencode: 'ok' } });
  });

  it('is not ready while OpenCode is down, and says "crash_loop" when its supervisor has given up', async () => {
    expect(await readiness(ports({ opencode: 'DOWN', supervisor: 'BACKING_OFF' }))).toEqual({ ready: false, checks: { database: 'ok', opencode: 'down' } });
    expect(await readiness(ports({ opencode: 'DOWN', supervisor: 'CRASH_LOOP' }))).toEqual({ ready: false, checks: { database: 'ok', opencode: 'crash_loop' } });
  });
});
