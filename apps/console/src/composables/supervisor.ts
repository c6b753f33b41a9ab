import { computed } from 'vue';
import { graphql } from '../gql';
import { isSupervisorTrouble } from '../supervisor';
import { useAction } from './action';
import { useSystem } from './system';

// Spread into the System query, so the banner and the System page share its one poll.
graphql(`
  fragment SupervisorStatus on Supervisor {
    state
    pid
    startedAt
    restarts {
      at
      reason
      exitCode
      signal
      downMs
    }
  }
`);

// Returns a Supervisor, so the document cache refetches the System query that shows it.
const RestartOpenCodeMutation = graphql(`
  mutation RestartOpenCode {
    restartOpenCode {
      ...SupervisorStatus
    }
  }
`);

/** The gateway's own OpenCode, from the polled system status; null when it runs elsewhere (OPENCODE_URL). */
export function useSupervisor() {
  const { system, state, error, refresh } = useSystem();
  const supervisor = computed(() => system.value?.supervisor ?? null);
  return {
    supervisor,
    /** Down because of its exits: restarting after a delay, or given up in a crash loop. */
    inTrouble: computed(() => isSupervisorTrouble(supervisor.value?.state)),
    lastRestart: computed(() => supervisor.value?.restarts[0]),
    state,
    error,
    refresh,
  };
}

export function useRestartOpenCode() {
  return useAction(RestartOpenCodeMutation);
}
