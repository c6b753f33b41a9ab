import type { TunnelState } from './gql/graphql';

/** A Record over the generated enum: a state added to the schema fails the typecheck here until it has a name. */
export const TUNNEL_STATE_LABELS: Record<TunnelState, string> = {
  STARTING: 'Starting',
  UP: 'Up',
  BACKING_OFF: 'Restarting after a delay',
  DOWN: 'Down',
};
