import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { graphql } from '../gql';
import { useAction } from './action';
import { useLastGood } from './lastGood';

const OperatorsQuery = graphql(`
  query Operators {
    operators {
      ...OperatorFields
    }
  }
`);

const CreateOperatorMutation = graphql(`
  mutation CreateOperator($input: CreateOperatorInput!) {
    createOperator(input: $input) {
      ...OperatorFields
    }
  }
`);

const UpdateOperatorMutation = graphql(`
  mutation UpdateOperator($input: UpdateOperatorInput!) {
    updateOperator(input: $input) {
      ...OperatorFields
    }
  }
`);

const context = { additionalTypenames: ['Operator'] };

/** Everyone who can sign in (ADMIN only), by name. */
export function useOperators() {
  const variables = () => ({});
  const query = useQuery({ query: OperatorsQuery, variables, context, requestPolicy: 'cache-and-network' });
  const { data, state, error } = useLastGood(query, OperatorsQuery, variables);
  const operators = computed(() => [...(data.value?.operators ?? [])].sort((a, b) => a.name.localeCompare(b.name)));
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' });
  return { operators, state, error, refresh };
}

export function useCreateOperator() {
  return useAction(CreateOperatorMutation);
}

export function useUpdateOperator() {
  return useAction(UpdateOperatorMutation);
}
