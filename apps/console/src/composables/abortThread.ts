import { graphql } from '../gql';
import { useAction } from './action';

const AbortThreadMutation = graphql(`
  mutation AbortThread($id: ID!) {
    abortThread(id: $id) {
      ...ThreadSummary
    }
  }
`);

export function useAbortThread() {
  return useAction(AbortThreadMutation);
}
