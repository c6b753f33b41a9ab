import { computed } from 'vue';
import { graphql } from '../gql';
import { choosableServers, isServerDown, serverOutage } from '../servers';
import { useSystem } from './system';

// Spread into the System query, so the list, the dialog, the banner and the System page share its one poll.
graphql(`
  fragment OpencodeServerHealth on OpencodeServer {
    name
    status
    latencyMs
    version
    lastError
    lastCheckAt
    sessions
  }
`);

/** The OpenCode servers behind the gateway, from the polled system status. */
export function useServers() {
  const { system } = useSystem();
  const servers = computed(() => system.value?.opencodeServers ?? []);
  /** Names to filter by, pick from and show on badges; empty with a single server. */
  const choices = computed(() => choosableServers(servers.value));
  return {
    servers,
    choices,
    several: computed(() => choices.value.length > 0),
    /** Whether the server holding a thread is down (the default one while the list is not read yet). */
    isDown: (name: string | undefined) => isServerDown(servers.value, name, system.value?.opencode.status),
    outage: computed(() => serverOutage(servers.value)),
  };
}
