import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { graphql } from '../gql';
import { useAction } from './action';
import { useLastGood } from './lastGood';

const ConsoleSessionsQuery = graphql(`
  query ConsoleSessions {
    consoleSessions {
      ...ConsoleSessionFields
    }
  }
`);

const RevokeConsoleSessionMutation = graphql(`
  mutation RevokeConsoleSession($id: ID!) {
    revokeConsoleSession(id: $id) {
      id
    }
  }
`);

const context = { additionalTypenames: ['ConsoleSession'] };

/** My signed-in browsers, this one first. */
export function useConsoleSessions() {
  const variables = () => ({});
  const query = useQuery({ query: ConsoleSessionsQuery, variables, context, requestPolicy: 'cache-and-network' });
  const { data, state, error } = useLastGood(query, ConsoleSessionsQuery, variables);
  const sessions = computed(() => [...(data.value?.consoleSessions ?? [])].sort((a, b) => Number(b.current) - Number(a.current)));
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' });
  return { sessions, state, error, refresh };
}

export function useRevokeConsoleSession() {
  return useAction(RevokeConsoleSessionMutation);
}
