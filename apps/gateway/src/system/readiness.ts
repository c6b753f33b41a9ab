import type { SupervisorState } from '@otto/opencode';
import type { UpstreamStatus } from './health.service.js';

/** Each check's verdict, as /readyz names it. */
export type CheckResult = 'ok' | 'down' | 'crash_loop' | 'error';

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; opencode: CheckResult };
}

export interface ReadinessPorts {
  /** A trivial query; its failure is "error", no answer within `databaseTimeoutMs` is "down". */
  pingDatabase(): Promise<void>;
  opencodeStatus(): UpstreamStatus;
  /** Undefined when the gateway does not run OpenCode itself. */
  supervisorState(): SupervisorState | undefined;
  /** Default 1 s: a load balancer's probe should not hang on a stuck database. */
  databaseTimeoutMs?: number;
}

/** Whether the gateway can serve its operators now: the database answers and OpenCode is up, if slowly. */
export async function readiness(ports: ReadinessPorts): Promise<Readiness> {
  const database = await checkDatabase(ports.pingDatabase, ports.databaseTimeoutMs ?? 1_000);
  const opencode: CheckResult =
    ports.supervisorState() === 'CRASH_LOOP' ? 'crash_loop' : ports.opencodeStatus() === 'DOWN' ? 'down' : 'ok';
  return { ready: database === 'ok' && opencode === 'ok', checks: { database, opencode } };
}

async function checkDatabase(ping: () => Promise<void>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('down'), timeoutMs);
  });
  try {
    return await Promise.race([ping().then((): CheckResult => 'ok', (): CheckResult => 'error'), late]);
  } finally {
    clearTimeout(timer);
  }
}
