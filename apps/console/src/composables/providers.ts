import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { graphql } from '../gql';
import { useAction } from './action';
import { useLastGood } from './lastGood';

graphql(`
  fragment ProviderFields on Provider {
    id
    name
    connected
    models {
      id
      name
    }
  }
`);

// Its own query, not part of the polled System query: listing providers asks OpenCode every time.
const ProvidersQuery = graphql(`
  query Providers {
    system {
      providers {
        ...ProviderFields
      }
    }
  }
`);

// Each returns a Provider, so the document cache refetches the list. The key is sent, never read back.
const SetProviderCredentialMutation = graphql(`
  mutation SetProviderCredential($input: SetProviderCredentialInput!) {
    setProviderCredential(input: $input) {
      ...ProviderFields
    }
  }
`);

const RemoveProviderCredentialMutation = graphql(`
  mutation RemoveProviderCredential($providerId: ID!) {
    removeProviderCredential(providerId: $providerId) {
      ...ProviderFields
    }
  }
`);

/** The providers OpenCode offers, connected or not. */
export function useProviders() {
  const variables = () => ({});
  const query = useQuery({ query: ProvidersQuery, variables, requestPolicy: 'cache-and-network' });
  const { data, state, error } = useLastGood(query, ProvidersQuery, variables);
  return {
    providers: computed(() => data.value?.system.providers ?? []),
    state,
    error,
    refresh: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

export function useSetProviderCredential() {
  return useAction(SetProviderCredentialMutation);
}

export function useRemoveProviderCredential() {
  return useAction(RemoveProviderCredentialMutation);
}
