import { graphql } from '../gql';
import type { AuditAction } from '../gql/graphql';
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

export interface AuditFilters {
  threadId: () => string;
  /** Null for any action. */
  action: () => AuditAction | null;
  /** Exactly as the log names it (alice, or alice (token: nightly)); empty for anyone. */
  actor: () => string;
}

/** Audit events, newest first, filtered; not polled: the table holds still while it is read. */
export function useAuditEvents(filters: AuditFilters) {
  return usePagedQuery({
    query: AuditEventsQuery,
    variables: () => ({ first: PAGE_SIZE, threadId: filters.threadId() || null, action: filters.action(), actor: filters.actor() || null }),
    page: (data) => data.auditEvents,
  });
}
