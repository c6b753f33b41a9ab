import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { graphql } from '../gql';
import { useAction } from './action';
import { useLastGood } from './lastGood';

const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens {
      ...ApiTokenFields
    }
  }
`);

const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        ...ApiTokenFields
      }
    }
  }
`);

const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      ...ApiTokenFields
    }
  }
`);

// A list that held no token has no ApiToken in it for the cache to see; name the type, so creating
// the first one still refetches the list.
const context = { additionalTypenames: ['ApiToken'] };

/** The tokens of one operator (an admin is sent everyone's; the account page shows only their own). */
export function useApiTokens(ownerId: () => string | undefined) {
  const variables = () => ({});
  const query = useQuery({ query: ApiTokensQuery, variables, context, requestPolicy: 'cache-and-network' });
  const { data, state, error } = useLastGood(query, ApiTokensQuery, variables);
  const tokens = computed(() => data.value?.apiTokens.filter((token) => token.operator.id === ownerId()) ?? []);
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' });
  return { tokens, state, error, refresh };
}

export function useCreateApiToken() {
  return useAction(CreateApiTokenMutation);
}

export function useRevokeApiToken() {
  return useAction(RevokeApiTokenMutation);
}
