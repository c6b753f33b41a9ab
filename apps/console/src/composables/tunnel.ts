import { useQuery } from '@urql/vue';
import { computed } from 'vue';
import { graphql } from '../gql';
import { useAction } from './action';
import { pollInterval } from './connection';
import { usePolling } from './polling';

graphql(`
  fragment TunnelStatus on Tunnel {
    state
    url
    lastError
    restarts
  }
`);

// Its own query, polled only while the System page shows the panel.
const TunnelQuery = graphql(`
  query Tunnel {
    system {
      tunnel {
        ...TunnelStatus
      }
    }
  }
`);

// Each returns a Tunnel, so the document cache refetches the query above.
const StartTunnelMutation = graphql(`
  mutation StartTunnel {
    startTunnel {
      ...TunnelStatus
    }
  }
`);

const StopTunnelMutation = graphql(`
  mutation StopTunnel {
    stopTunnel {
      ...TunnelStatus
    }
  }
`);

const POLL_MS = 5000;

/** The cloudflared tunnel: undefined while loading, null while none was configured or started. */
export function useTunnel() {
  const query = useQuery({ query: TunnelQuery, variables: {} });
  usePolling(() => void query.executeQuery({ requestPolicy: 'network-only' }), { interval: () => pollInterval(POLL_MS) });
  return {
    tunnel: computed(() => (query.data.value ? (query.data.value.system.tunnel ?? null) : undefined)),
    error: query.error,
    fetching: query.fetching,
  };
}

export function useStartTunnel() {
  return useAction(StartTunnelMutation);
}

export function useStopTunnel() {
  return useAction(StopTunnelMutation);
}
