import { graphql } from '../gql';
import { useAction } from './action';

const SetPasswordMutation = graphql(`
  mutation SetPassword($input: SetPasswordInput!) {
    setPassword(input: $input) {
      id
    }
  }
`);

/** Sets a password (one's own, with the current one); the operator's other browsers are signed out. */
export function useSetPassword() {
  // The other sessions it ends are not in its result: have the sessions list asked again.
  return useAction(SetPasswordMutation, { additionalTypenames: ['ConsoleSession'] });
}
