import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { graphql } from '../gql';
import { useLastGood } from './lastGood';

const ModelsQuery = graphql(`
  query ModelsAndAgents {
    system {
      models {
        id
        name
        label
        providerId
        contextWindow
        inputCostPerMTok
        outputCostPerMTok
        inputs
      }
      agents {
        name
        description
        mode
      }
    }
  }
`);

/**
 * OpenCode's models and the agents a send may name (subagents run only when another agent calls
 * them). Read once per page: they change only when OpenCode reloads.
 */
export function useModels() {
  const variables = () => ({});
  const query = useQuery({ query: ModelsQuery, variables, requestPolicy: 'cache-first' });
  const { data, state, error } = useLastGood(query, ModelsQuery, variables);
  return {
    models: computed(() => data.value?.system.models ?? []),
    agents: computed(() => (data.value?.system.agents ?? []).filter((agent) => agent.mode !== 'subagent')),
    state,
    error,
    refresh: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
