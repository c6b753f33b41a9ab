import { useQuery } from '@urql/vue';
import { computed, inject, provide, type InjectionKey } from 'vue';
import { graphql } from '../gql';
import { can, type Capability } from '../roles';
import { useLastGood } from './lastGood';
import { usePolling } from './polling';

const MeQuery = graphql(`
  query Me {
    me {
      id
      name
      role
    }
  }
`);

function useMeQuery() {
  const variables = () => ({});
  // Asked afresh whenever the shell mounts: after signing in again as someone else, a cached answer
  // would be the last person's. Updating an operator (one's own role) refetches it through the cache.
  const query = useQuery({ query: MeQuery, variables, requestPolicy: 'network-only' });
  const { data, state, error } = useLastGood(query, MeQuery, variables);
  const me = computed(() => data.value?.me);
  const role = computed(() => me.value?.role);
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' });
  // Not polled. If the first answer failed (the gateway was away), the reconnect or a return to the tab asks again.
  usePolling(
    () => {
      if (!me.value) refresh();
    },
    { interval: () => Infinity },
  );
  return {
    me,
    role,
    /** Whether my role allows it; false while it is not known yet, so nothing is offered that may be refused. */
    can: (capability: Capability) => can(role.value, capability),
    state,
    error,
    refresh,
  };
}

export type Me = ReturnType<typeof useMeQuery>;

const key: InjectionKey<Me> = Symbol('me');

/** Who is signed in, asked once for the whole console (header, role gates, account page). */
export function provideMe(): Me {
  const me = useMeQuery();
  provide(key, me);
  return me;
}

export function useMe(): Me {
  const me = inject(key);
  if (!me) throw new Error('useMe() needs provideMe() in a parent component');
  return me;
}
