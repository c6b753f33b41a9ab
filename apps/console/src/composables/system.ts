import { useQuery } from '@urql/vue';
import { computed, inject, provide, type InjectionKey } from 'vue';
import { graphql } from '../gql';
import { pollInterval } from './connection';
import { useLastGood } from './lastGood';
import { usePolling } from './polling';

const SystemQuery = graphql(`
  query System {
    system {
      version
      database
      opencode {
        status
        latencyMs
        version
        lastError
        lastSuccessAt
        lastCheckAt
      }
      supervisor {
        ...SupervisorStatus
      }
      opencodeServers {
        ...OpencodeServerHealth
      }
      gateway {
        instanceId
        startedAt
      }
    }
  }
`);

const POLL_MS = 5000;

function useSystemQuery() {
  const variables = () => ({});
  const query = useQuery({ query: SystemQuery, variables });
  const { data, state, error } = useLastGood(query, SystemQuery, variables);
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' });
  usePolling(refresh, { interval: () => pollInterval(POLL_MS) });
  const system = computed(() => data.value?.system);
  return { system, refresh, state, error };
}

export type SystemStatus = ReturnType<typeof useSystemQuery>;

const key: InjectionKey<SystemStatus> = Symbol('system');

/** The gateway's and OpenCode's health, polled once for the whole console (banner, composer, page). */
export function provideSystem(): SystemStatus {
  const system = useSystemQuery();
  provide(key, system);
  return system;
}

export function useSystem(): SystemStatus {
  const system = inject(key);
  if (!system) throw new Error('useSystem() needs provideSystem() in a parent component');
  return system;
}
