import { graphql } from '../gql';
import { useAction } from './action';

const ReplyQuestionMutation = graphql(`
  mutation ReplyQuestion($input: ReplyQuestionInput!) {
    replyQuestion(input: $input) {
      ...ThreadSummary
      questions {
        id
      }
    }
  }
`);

const RejectQuestionMutation = graphql(`
  mutation RejectQuestion($input: RejectQuestionInput!) {
    rejectQuestion(input: $input) {
      ...ThreadSummary
      questions {
        id
      }
    }
  }
`);

/** Answers a question the agent asks (one list of labels or own words per question). */
export function useQuestionReply() {
  return useAction(ReplyQuestionMutation);
}

/** Dismisses it: the agent is told the operator would not answer. */
export function useQuestionReject() {
  return useAction(RejectQuestionMutation);
}
