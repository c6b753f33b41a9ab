import { CombinedError } from '@urql/core';
import { useClientHandle } from '@urql/vue';
import { computed, ref, shallowRef, watch } from 'vue';
import { graphql } from '../gql';
import type { LogLevel, LogsQuery, LogsQueryVariables } from '../gql/graphql';
import { mergeNewer, type HeldLine } from '../logLines';
import { useConnectionExport } from './connectionExport';
import type { LoadState } from './lastGood';
import { usePolling } from './polling';

const LogsQueryDocument = graphql(`
  query Logs($first: Int!, $after: String, $level: LogLevel, $source: String, $search: String, $since: DateTime, $until: DateTime) {
    logs(first: $first, after: $after, level: $level, source: $source, search: $search, since: $since, until: $until) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          at
          level
          source
          message
          fields
        }
      }
    }
  }
`);

const PAGE_SIZE = 100;
/** The gateway's largest page: a poll asks for everything new in one go. */
const LARGEST_PAGE = 500;
/** Lines held on screen while following; the oldest go, and "Load more" brings them back. */
const HELD_MAX = 2_000;
export const FOLLOW_INTERVAL_MS = 2_000;
export const LOG_EXPORT_MAX = 10_000;

export interface LogFilters {
  /** The least level shown; null for every level. */
  level: () => LogLevel | null;
  /** gateway or opencode; null for both. */
  source: () => string | null;
  search: () => string;
  /** Jump to a time: the newest lines at or before this instant; null for the newest of all. */
  until: () => string | null;
}

const variablesOf = (filters: LogFilters) => ({
  level: filters.level(),
  source: filters.source(),
  search: filters.search() || null,
  until: filters.until(),
});

const failureOf = (error: unknown) => (error instanceof CombinedError ? error : new CombinedError({ networkError: error as Error }));

/**
 * The gateway's log lines, newest first: a first page for the filters, older pages on demand, and
 * while following, every ~2 s the lines since the newest one held, put on top.
 */
export function useLogs(filters: LogFilters, following: () => boolean) {
  const { client } = useClientHandle();
  const lines = shallowRef<HeldLine[]>([]);
  const olderCursor = ref<string | null>(null);
  const hasMore = ref(false);
  const state = ref<LoadState>('loading');
  const error = shallowRef<CombinedError>();
  const loadingMore = ref(false);
  const moreError = shallowRef<CombinedError>();
  const followError = shallowRef<CombinedError>();
  /** Lines the last poll added, for the live region. */
  const lastAdded = ref(0);
  // A change of filters makes every answer still on its way about a list no longer shown.
  let generation = 0;

  async function fetchPage(variables: Omit<LogsQueryVariables, 'first'> & { first?: number }): Promise<LogsQuery['logs']> {
    const result = await client
      .query(LogsQueryDocument, { first: PAGE_SIZE, ...variablesOf(filters), ...variables }, { requestPolicy: 'network-only' })
      .toPromise();
    if (result.data === undefined) throw result.error ?? new CombinedError({ networkError: new Error('no answer') });
    return result.data.logs;
  }

  function hold(page: LogsQuery['logs']) {
    lines.value = page.edges;
    olderCursor.value = page.pageInfo.endCursor ?? null;
    hasMore.value = page.pageInfo.hasNextPage;
  }

  async function load(quietly = false) {
    const started = ++generation;
    if (!quietly) state.value = 'loading';
    try {
      const page = await fetchPage({});
      if (started !== generation) return;
      hold(page);
      state.value = 'done';
      error.value = undefined;
      moreError.value = undefined;
    } catch (failure) {
      if (started !== generation) return;
      error.value = failureOf(failure);
      if (!quietly) state.value = 'error';
    }
  }

  async function loadMore() {
    if (!olderCursor.value || loadingMore.value) return;
    const started = generation;
    loadingMore.value = true;
    moreError.value = undefined;
    try {
      const page = await fetchPage({ after: olderCursor.value });
      if (started !== generation) return;
      lines.value = [...lines.value, ...page.edges];
      olderCursor.value = page.pageInfo.endCursor ?? olderCursor.value;
      hasMore.value = page.pageInfo.hasNextPage;
    } catch (failure) {
      if (started === generation) moreError.value = failureOf(failure);
    } finally {
      loadingMore.value = false;
    }
  }

  async function poll() {
    if (!following() || state.value !== 'done') return;
    const newest = lines.value[0];
    if (!newest) return load(true);
    const started = generation;
    try {
      // `since` includes the newest line held, so a line written in the same millisecond is not missed.
      const page = await fetchPage({ first: LARGEST_PAGE, since: newest.node.at, until: null });
      if (started !== generation) return;
      followError.value = undefined;
      if (page.pageInfo.hasNextPage) {
        // More came than one page holds: the newest page, with "Load more" from there.
        hold(page);
        lastAdded.value = page.edges.length;
        return;
      }
      const merged = mergeNewer(lines.value, page.edges, HELD_MAX);
      lastAdded.value = merged.added;
      if (!merged.added) return;
      lines.value = merged.lines;
      if (merged.dropped) {
        olderCursor.value = merged.lines.at(-1)?.cursor ?? null;
        hasMore.value = true;
      }
    } catch (failure) {
      if (started === generation) followError.value = failureOf(failure);
    }
  }

  watch(() => JSON.stringify(variablesOf(filters)), () => void load(), { immediate: true });
  usePolling(() => void poll(), { interval: () => (following() ? FOLLOW_INTERVAL_MS : Number.POSITIVE_INFINITY) });

  return {
    lines: computed(() => lines.value),
    hasMore: computed(() => hasMore.value),
    state: computed(() => state.value),
    error: computed(() => error.value),
    loadMore,
    loadingMore: computed(() => loadingMore.value),
    moreError: computed(() => moreError.value),
    followError: computed(() => followError.value),
    lastAdded: computed(() => lastAdded.value),
    refresh: () => load(),
  };
}

/** Every line the filters match, newest first, up to LOG_EXPORT_MAX: what the NDJSON download holds. */
export function useLogExport(filters: LogFilters) {
  return useConnectionExport({
    query: LogsQueryDocument,
    variables: () => ({ first: LARGEST_PAGE, ...variablesOf(filters) }),
    page: (data) => ({ nodes: data.logs.edges.map((edge) => edge.node), pageInfo: data.logs.pageInfo }),
    max: LOG_EXPORT_MAX,
  });
}
