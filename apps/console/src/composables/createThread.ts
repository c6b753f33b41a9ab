import { graphql } from '../gql';
import { useAction } from './action';

const CreateThreadMutation = graphql(`
  mutation CreateThread($input: CreateThreadInput!) {
    createThread(input: $input) {
      ...ThreadSummary
    }
  }
`);

export function useCreateThread() {
  return useAction(CreateThreadMutation);
}
