import { computed, inject, onScopeDispose, provide, ref, shallowRef, watch, type InjectionKey } from 'vue';
import { graphql } from '../gql';
import { listMayMove, patchList, type ThreadSummary } from '../threadListLive';
import { pollInterval } from './connection';
import { useLiveStream } from './liveStream';
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

const ThreadChangedSubscription = graphql(`
  subscription ThreadChanged {
    threadChanged {
      ...ThreadSummary
    }
  }
`);

const PAGE_SIZE = 50;
const POLL_MS = 5000;
/** Changes come in bursts (a reply starts, a title follows): one read of the list after the burst. */
const REREAD_MS = 1000;

function useThreadList() {
  const search = ref('');
  const includeUnbound = ref(false);
  const list = usePagedQuery({
    query: ThreadsQuery,
    variables: () => ({ first: PAGE_SIZE, search: search.value.trim() || null, includeUnbound: includeUnbound.value }),
    page: (data) => data.threads,
  });

  // While threadChanged is up, a changed thread is put in place at once, and the list is read again
  // only when the change may move it; while it is not, the list is polled.
  const changed = shallowRef(new Map<string, ThreadSummary>());
  watch(list.nodes, () => (changed.value = new Map()));
  const nodes = computed(() => patchList(list.nodes.value, changed.value));
  let reread: ReturnType<typeof setTimeout> | undefined;
  const rereadSoon = () => {
    clearTimeout(reread);
    reread = setTimeout(list.refresh, REREAD_MS);
  };
  onScopeDispose(() => clearTimeout(reread));

  const changes = useLiveStream({
    name: 'list',
    document: ThreadChangedSubscription,
    variables: () => ({}),
    onData: ({ threadChanged: thread }) => {
      if (listMayMove(nodes.value, thread)) rereadSoon();
      changed.value = new Map(changed.value).set(thread.id, thread);
    },
    onOpen: list.refresh,
  });
  usePolling(
    () => {
      if (!changes.live.value) list.refresh();
    },
    { interval: () => (changes.live.value ? Infinity : pollInterval(POLL_MS)) },
  );
  return { ...list, nodes, search, includeUnbound };
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
