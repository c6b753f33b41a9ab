import { stringify } from 'csv-stringify/browser/esm/sync';
import { AUDIT_ACTION_LABELS } from './auditActions';
import type { AuditAction } from './gql/graphql';

export interface AuditCsvRow {
  at: string;
  actor: string;
  actions: AuditAction[];
  operationName?: string | null;
  threadId?: string | null;
  outcome: string;
  errorCode?: string | null;
  durationMs: number;
}

const COLUMNS = ['at', 'actor', 'actions', 'operation', 'thread', 'outcome', 'error code', 'duration ms'];

/**
 * A spreadsheet runs a cell that starts like a formula; actor and operation names are chosen by
 * whoever made the account or the request, so such cells are kept as text.
 */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The audit rows as CSV with a header line, the actions named as the gateway's log names them. */
export function auditCsv(rows: AuditCsvRow[]): string {
  return stringify(
    rows.map((row) => [
      row.at,
      row.actor,
      row.actions.map((action) => AUDIT_ACTION_LABELS[action]).join(' '),
      row.operationName ?? '',
      row.threadId ?? '',
      row.outcome,
      row.errorCode ?? '',
      row.durationMs,
    ]),
    { header: true, columns: COLUMNS, cast: { string: inert } },
  );
}
