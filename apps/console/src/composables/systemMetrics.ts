import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { graphql } from '../gql';
import { pollInterval } from './connection';
import { useLastGood } from './lastGood';
import { usePolling } from './polling';

const SystemMetricsQuery = graphql(`
  query SystemMetrics {
    system {
      process {
        uptimeSeconds
        rssBytes
        eventLoopDelayMs
      }
      requests {
        ratePerSecond
        p95Ms
        windowSeconds
      }
      opencode {
        latencyHistory {
          at
          latencyMs
        }
      }
    }
  }
`);

const POLL_MS = 5000;

/** The gateway's process and request figures and OpenCode's probe history, polled while the System page is open. */
export function useSystemMetrics() {
  const variables = () => ({});
  const query = useQuery({ query: SystemMetricsQuery, variables, requestPolicy: 'network-only' });
  const { data, state, error } = useLastGood(query, SystemMetricsQuery, variables);
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' });
  usePolling(refresh, { interval: () => pollInterval(POLL_MS) });
  return { metrics: computed(() => data.value?.system), state, error, refresh };
}
