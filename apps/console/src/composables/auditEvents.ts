import { graphql } from '../gql';
import type { AuditAction } from '../gql/graphql';
import { useConnectionExport } from './connectionExport';
import { usePagedQuery } from './pagedQuery';

const AuditEventsQuery = graphql(`
  query AuditEvents($first: Int!, $after: String, $threadId: ID, $action: AuditAction, $actor: String) {
    auditEvents(first: $first, after: $after, threadId: $threadId, action: $action, actor: $actor) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        at
        actor
        actions
        operationName
        threadId
        outcome
        errorCode
        durationMs
      }
    }
  }
`);

const PAGE_SIZE = 50;
/** The gateway's largest audit page. */
const EXPORT_PAGE_SIZE = 200;
export const AUDIT_EXPORT_MAX = 10_000;

export interface AuditFilters {
  threadId: () => string;
  /** Null for any action. */
  action: () => AuditAction | null;
  /** Exactly as the log names it (alice, or alice (token: nightly)); empty for anyone. */
  actor: () => string;
}

const filterVariables = (filters: AuditFilters) => ({ threadId: filters.threadId() || null, action: filters.action(), actor: filters.actor() || null });

/** Audit events, newest first, filtered; not polled: the table holds still while it is read. */
export function useAuditEvents(filters: AuditFilters) {
  return usePagedQuery({
    query: AuditEventsQuery,
    variables: () => ({ first: PAGE_SIZE, ...filterVariables(filters) }),
    page: (data) => data.auditEvents,
  });
}

/** Every audit event the filters match, newest first, up to AUDIT_EXPORT_MAX: what the CSV download holds. */
export function useAuditExport(filters: AuditFilters) {
  return useConnectionExport({
    query: AuditEventsQuery,
    variables: () => ({ first: EXPORT_PAGE_SIZE, ...filterVariables(filters) }),
    page: (data) => data.auditEvents,
    max: AUDIT_EXPORT_MAX,
  });
}
