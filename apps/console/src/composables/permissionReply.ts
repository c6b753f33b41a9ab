import { graphql } from '../gql';
import { useAction } from './action';

const ReplyPermissionMutation = graphql(`
  mutation ReplyPermission($input: ReplyPermissionInput!) {
    replyPermission(input: $input) {
      ...ThreadSummary
      permissions {
        id
      }
    }
  }
`);

export function usePermissionReply() {
  return useAction(ReplyPermissionMutation);
}
