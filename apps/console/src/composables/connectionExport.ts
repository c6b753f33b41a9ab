import { CombinedError, type AnyVariables, type Client, type TypedDocumentNode } from '@urql/core';
import { useClientHandle } from '@urql/vue';
import { ref, shallowRef } from 'vue';
import type { Page } from './pagedQuery';

export interface ConnectionExportOptions<T, V extends AnyVariables, N> {
  query: TypedDocumentNode<T, V>;
  /** The filters of the list on screen, with the largest page the gateway serves as `first`. */
  variables: () => V;
  page: (data: T) => Pick<Page<N>, 'nodes' | 'pageInfo'>;
  /** The most nodes one export reads, so a download never turns into a scrape of the whole history. */
  max: number;
}

export async function readConnection<T, V extends AnyVariables, N>(client: Client, options: ConnectionExportOptions<T, V, N>) {
  const nodes: N[] = [];
  let after: string | null | undefined = null;
  for (;;) {
    const result = await client.query(options.query, { ...options.variables(), after } as V, { requestPolicy: 'network-only' }).toPromise();
    if (result.data === undefined) throw result.error ?? new CombinedError({ networkError: new Error('no answer') });
    const page = options.page(result.data);
    nodes.push(...page.nodes);
    after = page.pageInfo.endCursor;
    if (nodes.length >= options.max) return { nodes: nodes.slice(0, options.max), truncated: true };
    if (!page.pageInfo.hasNextPage || !after) return { nodes, truncated: false };
  }
}

/** Reads every page of a filtered list (up to `max`) for a download, with its progress and failure. */
export function useConnectionExport<T, V extends AnyVariables, N>(options: ConnectionExportOptions<T, V, N>) {
  const { client } = useClientHandle();
  const running = ref(false);
  const error = shallowRef<CombinedError>();
  async function run(): Promise<{ nodes: N[]; truncated: boolean } | undefined> {
    if (running.value) return undefined;
    running.value = true;
    error.value = undefined;
    try {
      return await readConnection(client, options);
    } catch (failure) {
      error.value = failure instanceof CombinedError ? failure : new CombinedError({ networkError: failure as Error });
      return undefined;
    } finally {
      running.value = false;
    }
  }
  return { run, running, error };
}
