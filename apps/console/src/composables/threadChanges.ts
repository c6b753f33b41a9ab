import { useQuery } from '@urql/vue';
import { watch } from 'vue';
import { graphql } from '../gql';
import { useLastGood } from './lastGood';

const ThreadChangesQuery = graphql(`
  query ThreadChanges($id: ID!) {
    thread(id: $id) {
      id
      changes {
        path
        additions
        deletions
        patch
        status
      }
    }
  }
`);

export interface ThreadChangesOptions {
  /** Changes whenever the files may have changed: a turn ended, a revert was made or undone. */
  moment: () => unknown;
  /** Nothing is asked while this holds (a thread OpenCode no longer has). */
  paused: () => boolean;
}

/** The files the agent changed in a thread; read again at each moment the files may have changed. */
export function useThreadChanges(id: () => string, options: ThreadChangesOptions) {
  const variables = () => ({ id: id() });
  const query = useQuery({ query: ThreadChangesQuery, variables, requestPolicy: 'cache-and-network', pause: options.paused });
  const { data, state, error } = useLastGood(query, ThreadChangesQuery, variables);
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' });
  watch(options.moment, () => {
    if (!options.paused()) refresh();
  });
  return { changes: () => data.value?.thread?.changes, state, error, refresh };
}
