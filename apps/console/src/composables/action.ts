import type { AnyVariables, CombinedError, OperationContext, TypedDocumentNode } from '@urql/core';
import { useMutation } from '@urql/vue';
import { ref, shallowRef } from 'vue';
import type { LoadState } from './lastGood';

/**
 * A mutation with its load state; `run` resolves to the data, or undefined with `error` set. `context`
 * may name, in additionalTypenames, what the mutation changes without returning it, so the cache
 * refetches the queries that show it.
 */
export function useAction<T, V extends AnyVariables>(document: TypedDocumentNode<T, V>, context?: Partial<OperationContext>) {
  const { executeMutation } = useMutation(document);
  const state = ref<LoadState>('idle');
  const error = shallowRef<CombinedError>();

  async function run(variables: V): Promise<T | undefined> {
    state.value = 'loading';
    error.value = undefined;
    // executeMutation never rejects: a failure is in result.error.
    const result = await executeMutation(variables, context);
    if (result.error || result.data === undefined) {
      error.value = result.error;
      state.value = 'error';
      return undefined;
    }
    state.value = 'done';
    return result.data;
  }

  return { run, state, error };
}
