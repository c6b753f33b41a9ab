/** Where a supervised process stands; exposed by the gateway as the SupervisorState enum. */
export const SUPERVISOR_STATES = ['STARTING', 'RUNNING', 'BACKING_OFF', 'CRASH_LOOP', 'STOPPED'] as const;
export type SupervisorState = (typeof SUPERVISOR_STATES)[number];

export interface RestartEvent {
  /** When the process exited, or gave up starting (epoch ms). */
  at: number;
  reason: string;
  exitCode: number | null;
  signal: string | null;
  /** From this exit until a process served again; null while it is still down. */
  downMs: number | null;
}

export interface CrashLoopLimits {
  /** This many unplanned exits within `windowMs` make a crash loop. Default 5. */
  maxExits: number;
  /** Default 10 minutes. */
  windowMs: number;
}

export interface Exit {
  code: number | null;
  signal: string | null;
  reason: string;
  /** Asked for (an operator's restart): recorded, but never counted towards a crash loop. */
  planned: boolean;
}

export const DEFAULT_CRASH_LOOP: CrashLoopLimits = { maxExits: 5, windowMs: 10 * 60_000 };
/** Restarts listed, newest first; older ones are forgotten. */
export const KEPT_RESTARTS = 50;

/** The reason an exit is listed with: its signal, or its exit code. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `exited (${signal})`;
  return code === null ? 'exited' : `exited with code ${code}`;
}

/**
 * The supervisor's state and restart history, without the process: the rules for what an exit
 * means (restart, or a crash loop that waits for an operator) live here, so they are tested
 * without spawning anything.
 */
export class SupervisionHistory {
  private current: SupervisorState = 'STARTING';
  private readonly events: RestartEvent[] = [];
  /** When the unplanned exits still inside the window happened, oldest first. */
  private crashes: number[] = [];
  private servingSince: number | null = null;
  private readonly limits: CrashLoopLimits;

  constructor(
    limits: Partial<CrashLoopLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_CRASH_LOOP, ...limits };
  }

  state(): SupervisorState {
    return this.current;
  }

  /** Newest first, at most KEPT_RESTARTS. */
  restarts(): readonly RestartEvent[] {
    return this.events;
  }

  /** When the process now serving was started; null while none serves. */
  startedAt(): number | null {
    return this.servingSince;
  }

  /** A new process is on its way up. */
  starting(): void {
    if (this.current !== 'STOPPED') this.current = 'STARTING';
  }

  /** The process started at `startedAt` answers as healthy: every exit still open ends its downtime now. */
  serving(startedAt: number): void {
    if (this.current === 'STOPPED') return;
    this.current = 'RUNNING';
    this.servingSince = startedAt;
    const now = this.now();
    for (const event of this.events) {
      if (event.downMs !== null) break;
      event.downMs = now - event.at;
    }
  }

  /** The process exited or never came up. Returns whether to start another: not in a crash loop. */
  exited(exit: Exit): boolean {
    if (this.current === 'STOPPED') return false;
    const at = this.now();
    this.servingSince = null;
    this.events.unshift({ at, reason: exit.reason, exitCode: exit.code, signal: exit.signal, downMs: null });
    this.events.length = Math.min(this.events.length, KEPT_RESTARTS);
    if (exit.planned) {
      this.current = 'STARTING';
      return true;
    }
    this.crashes = [...this.crashes.filter((crash) => at - crash < this.limits.windowMs), at];
    if (this.crashes.length >= this.limits.maxExits) {
      this.current = 'CRASH_LOOP';
      return false;
    }
    this.current = 'BACKING_OFF';
    return true;
  }

  /** An operator asked for a fresh start: the crashes so far no longer count. */
  resume(): void {
    this.crashes = [];
    this.starting();
  }

  stopped(): void {
    this.current = 'STOPPED';
    this.servingSince = null;
  }
}
