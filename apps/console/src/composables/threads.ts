import { computed, inject, onScopeDispose, provide, ref, shallowRef, watch, type InjectionKey } from 'vue';
import { graphql } from '../gql';
import { choosableServers, healthSignature, keptServerFilter } from '../servers';
import { listMayMove, patchList, type ThreadSummary } from '../threadListLive';
import { pollInterval } from './connection';
import { useLiveStream } from './liveStream';
import { usePagedQuery } from './pagedQuery';
import { usePolling } from './polling';
import type { SystemStatus } from './system';

const ThreadsQuery = graphql(`
  query Threads($first: Int!, $after: String, $search: String, $includeUnbound: Boolean!, $server: String) {
    threads(first: $first, after: $after, search: $search, includeUnbound: $includeUnbound, server: $server) {
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

function useThreadList({ system }: SystemStatus) {
  const search = ref('');
  const includeUnbound = ref(false);
  /** One OpenCode server's threads only; '' for every server's. */
  const server = ref('');
  const list = usePagedQuery({
    query: ThreadsQuery,
    variables: () => ({
      first: PAGE_SIZE,
      search: search.value.trim() || null,
      includeUnbound: includeUnbound.value,
      server: server.value || null,
    }),
    page: (data) => data.threads,
  });

  const servers = computed(() => system.value?.opencodeServers);
  watch(servers, (known) => (server.value = keptServerFilter(server.value, known && choosableServers(known))));
  // A server going down turns its threads UNKNOWN without any of them changing in OpenCode, so no
  // threadChanged says so: read the list again when a server goes down or comes back.
  watch(
    () => healthSignature(servers.value ?? []),
    (_now, before) => {
      if (before) list.refresh();
    },
  );

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
  return { ...list, nodes, search, includeUnbound, server };
}

export type Threads = ReturnType<typeof useThreadList>;

const key: InjectionKey<Threads> = Symbol('threads');

/** The thread list, polled once for the whole console: the chat's left pane and the palette share it. */
export function provideThreads(system: SystemStatus): Threads {
  const threads = useThreadList(system);
  provide(key, threads);
  return threads;
}

export function useThreads(): Threads {
  const threads = inject(key);
  if (!threads) throw new Error('useThreads() needs provideThreads() in a parent component');
  return threads;
}
