import type { SupervisorState, SupervisorStatusFragment } from './gql/graphql';

type RestartEntry = SupervisorStatusFragment['restarts'][number];

/** A Record over the generated enum: a state added to the schema fails the typecheck here until it has a name. */
export const SUPERVISOR_STATE_LABELS: Record<SupervisorState, string> = {
  STARTING: 'Starting',
  RUNNING: 'Running',
  BACKING_OFF: 'Restarting after a delay',
  CRASH_LOOP: 'Crash loop: not restarting',
  STOPPED: 'Stopped',
};

/** The states in which OpenCode is down because of its exits, which the app-wide banner explains. */
export function isSupervisorTrouble(state: SupervisorState | undefined): boolean {
  return state === 'CRASH_LOOP' || state === 'BACKING_OFF';
}

/** How a process ended: its signal, or its exit code. */
export function describeExit(event: Pick<RestartEntry, 'exitCode' | 'signal'>): string {
  if (event.signal) return event.signal;
  return event.exitCode === null ? '—' : `code ${event.exitCode}`;
}

/** "850 ms", "4.2 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1).replace(/\.0$/, '')} s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}
