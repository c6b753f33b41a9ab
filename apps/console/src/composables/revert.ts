import { graphql } from '../gql';
import { useAction } from './action';

const RevertMessageMutation = graphql(`
  mutation RevertMessage($input: RevertMessageInput!) {
    revertMessage(input: $input) {
      ...ThreadDetail
    }
  }
`);

const UnrevertThreadMutation = graphql(`
  mutation UnrevertThread($threadId: ID!) {
    unrevertThread(threadId: $threadId) {
      ...ThreadDetail
    }
  }
`);

/** Undo the agent's file changes from a message on, and undo that again. */
export function useRevert() {
  return { revert: useAction(RevertMessageMutation), unrevert: useAction(UnrevertThreadMutation) };
}
