import { inject, provide, ref, type InjectionKey } from 'vue';
import { graphql } from '../gql';
import { pollInterval } from './connection';
import { usePagedQuery } from './pagedQuery';
import { usePolling } from './polling';

const ThreadsQuery = graphql(`
  query Threads($first: Int!, $after: String, $search: String, $includeUnbound: Boolean!) {
    threads(first: $first, after: $after, search: $search, includeUnbound: $includeUnbound) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...ThreadSummary
      }
    }
  }
`);

const PAGE_SIZE = 50;
const POLL_MS = 5000;

function useThreadList() {
  const search = ref('');
  const includeUnbound = ref(false);
  const list = usePagedQuery({
    query: ThreadsQuery,
    variables: () => ({ first: PAGE_SIZE, search: search.value.trim() || null, includeUnbound: includeUnbound.value }),
    page: (data) => data.threads,
  });
  usePolling(list.refresh, { interval: () => pollInterval(POLL_MS) });
  return { ...list, search, includeUnbound };
}

export type Threads = ReturnType<typeof useThreadList>;

const key: InjectionKey<Threads> = Symbol('threads');

/** The thread list, polled once for the whole console: the chat's left pane and the palette share it. */
export function provideThreads(): Threads {
  const threads = useThreadList();
  provide(key, threads);
  return threads;
}

export function useThreads(): Threads {
  const threads = inject(key);
  if (!threads) throw new Error('useThreads() needs provideThreads() in a parent component');
  return threads;
}
