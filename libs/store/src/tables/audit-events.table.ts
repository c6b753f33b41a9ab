import type { Generated, Selectable } from 'kysely';

export type AuditOutcome = 'OK' | 'ERROR';

export interface AuditEventsTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  operation_name: string | null;
  thread_id: string | null;
  target: string | null;
  outcome: AuditOutcome;
  error_code: string | null;
  duration_ms: number;
  request_id: string;
  client_address: string | null;
  user_agent: string | null;
}

export type AuditEventRow = Selectable<AuditEventsTable>;
