import type { RestartEvent, SupervisorState } from '@otto/opencode';
import { codedError } from '../errors.js';

/** What the gateway reads and asks of the supervisor of its own OpenCode; tests pass a fake. */
export interface SupervisorView {
  state(): SupervisorState;
  pid(): number | undefined;
  startedAt(): number | undefined;
  /** Newest first. */
  restarts(): readonly RestartEvent[];
  restart(): Promise<void>;
}

export interface SupervisorSnapshot {
  state: SupervisorState;
  pid: number | null;
  startedAt: number | null;
  restarts: readonly RestartEvent[];
}

/** The supervisor of the gateway's own `opencode serve`; there is none when OPENCODE_URL points elsewhere. */
export class SupervisorService {
  constructor(private readonly supervisor: SupervisorView | undefined) {}

  /** Null in external mode. */
  current(): SupervisorSnapshot | null {
    return this.supervisor ? snapshotOf(this.supervisor) : null;
  }

  /** Out of a crash loop, or a planned restart of the running server; see OpencodeSupervisor.restart. */
  async restart(): Promise<SupervisorSnapshot> {
    if (!this.supervisor) {
      throw codedError('NOT_SUPERVISED', 'This gateway does not run OpenCode (OPENCODE_URL points to another server), so it cannot restart it.');
    }
    await this.supervisor.restart();
    return snapshotOf(this.supervisor);
  }
}

function snapshotOf(supervisor: SupervisorView): SupervisorSnapshot {
  return {
    state: supervisor.state(),
    pid: supervisor.pid() ?? null,
    startedAt: supervisor.startedAt() ?? null,
    restarts: supervisor.restarts(),
  };
}
