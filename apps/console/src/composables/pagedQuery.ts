import { createRequest, type AnyVariables, type CombinedError, type TypedDocumentNode } from '@urql/core';
import { useClientHandle, useQuery } from '@urql/vue';
import { computed, ref, shallowRef, watch } from 'vue';
import { useLastGood } from './lastGood';

export interface Page<N> {
  nodes: N[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface PagedQueryOptions<T, V extends AnyVariables, N> {
  query: TypedDocumentNode<T, V>;
  /** The variables of the first page; later pages add `after`. */
  variables: () => V;
  page: (data: T) => Page<N>;
  /** While true nothing is asked (state 'idle'), e.g. a search without words. */
  pause?: () => boolean;
}

/** A connection read page by page ("Load more"), the first page through `useQuery`. */
export function usePagedQuery<T, V extends AnyVariables, N extends { id: string }>(options: PagedQueryOptions<T, V, N>) {
  const { client } = useClientHandle();
  const first = useQuery({ query: options.query, variables: options.variables, requestPolicy: 'cache-and-network', pause: () => options.pause?.() ?? false });
  const { data, state, error } = useLastGood(first, options.query, options.variables);

  const key = () => createRequest(options.query, options.variables()).key;
  const more = shallowRef<{ after: string; page: Page<N> }[]>([]);
  const loadingMore = ref(false);
  const moreError = shallowRef<CombinedError>();
  watch(key, () => {
    more.value = [];
    moreError.value = undefined;
  });

  const pages = computed(() => (data.value === undefined ? [] : [options.page(data.value), ...more.value.map((m) => m.page)]));
  // Pages are offsets into a list that moves while it is read; a node can appear on two of them.
  const nodes = computed(() => {
    const seen = new Set<string>();
    return pages.value.flatMap((page) => page.nodes).filter((node) => !seen.has(node.id) && seen.add(node.id));
  });
  const hasMore = computed(() => pages.value.at(-1)?.pageInfo.hasNextPage ?? false);
  const totalCount = computed(() => pages.value[0]?.totalCount ?? 0);

  const fetchPage = (after: string) =>
    client.query(options.query, { ...options.variables(), after } as V, { requestPolicy: 'network-only' }).toPromise();

  async function loadMore() {
    const after = pages.value.at(-1)?.pageInfo.endCursor;
    if (!after || loadingMore.value) return;
    const started = key();
    loadingMore.value = true;
    moreError.value = undefined;
    const result = await fetchPage(after);
    loadingMore.value = false;
    if (key() !== started) return;
    if (result.data === undefined) moreError.value = result.error;
    else more.value = [...more.value, { after, page: options.page(result.data) }];
  }

  function refresh() {
    first.executeQuery({ requestPolicy: 'network-only' });
    // The later pages too, or a polled list would freeze past its first page.
    const loaded = more.value;
    if (!loaded.length) return;
    void Promise.all(loaded.map((m) => fetchPage(m.after))).then((results) => {
      if (more.value !== loaded) return;
      const pagesNow = results.map((result) => (result.data === undefined ? undefined : options.page(result.data)));
      if (pagesNow.every((page) => page !== undefined)) {
        more.value = loaded.map((m, i) => ({ after: m.after, page: pagesNow[i] as Page<N> }));
      }
    });
  }

  return { nodes, totalCount, hasMore, loadMore, loadingMore, moreError, refresh, state, error };
}
