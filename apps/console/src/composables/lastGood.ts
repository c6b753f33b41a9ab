import { createRequest, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import type { UseQueryResponse } from '@urql/vue';
import { computed, shallowRef, watch } from 'vue';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';

/**
 * The last data a query delivered without error for its current variables, and its load state. urql
 * clears `data` when a poll fails, and a failed field nulls its parent (a thread whose messages OpenCode
 * could not list comes back as `thread: null`); what was shown before is the better picture.
 */
export function useLastGood<T, V extends AnyVariables>(
  query: UseQueryResponse<T, V>,
  document: TypedDocumentNode<T, V>,
  variables: () => V,
) {
  const kept = shallowRef<{ key: number; data: T }>();
  // Immediate: a cache hit is delivered while useQuery is still being set up, before this watch exists.
  watch(
    [query.data, query.error],
    ([data, error]) => {
      const operation = query.operation.value;
      if (data !== undefined && !error && operation) kept.value = { key: operation.key, data };
    },
    { immediate: true },
  );
  const key = computed(() => createRequest(document, variables()).key);
  const data = computed(() => (kept.value?.key === key.value ? kept.value.data : undefined));
  const state = computed<LoadState>(() => {
    if (data.value !== undefined) return 'done';
    if (query.fetching.value) return 'loading';
    if (query.error.value) return 'error';
    return query.isPaused.value ? 'idle' : 'loading';
  });
  return { data, state, error: query.error };
}
