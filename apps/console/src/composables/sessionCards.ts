import { useQuery } from '@urql/vue';
import { computed, onScopeDispose } from 'vue';
import { graphql } from '../gql';
import { pollInterval } from './connection';
import { useLastGood } from './lastGood';
import { useLiveStream } from './liveStream';
import { usePolling } from './polling';

const PinnedThreadsQuery = graphql(`
  query PinnedThreads {
    pinnedThreads {
      ...ThreadSummary
      # Enough of the history to find the last reply behind a tool step or two, and the operator's last
      # words; a literal, so the query's cost counts 6 messages per card, not the most a page may hold.
      messages(last: 6) {
        nodes {
          ...MessageFields
        }
      }
    }
  }
`);

const DashboardChangesSubscription = graphql(`
  subscription DashboardChanges {
    threadChanged {
      id
      activity
    }
  }
`);

/** While an agent works, its card is read this often even with the stream up: a reply shows as it grows. */
const BUSY_POLL_MS = 3_000;
/** Without the stream, idle cards are read this often. */
const IDLE_POLL_MS = 10_000;
/** Changes come in bursts (status, then title, then time): one read after the burst. */
const REREAD_MS = 400;

/**
 * The operator's pinned threads as session cards: read once, then again whenever the gateway says one
 * of them changed (threadChanged), and polled while an agent works or while the stream is down.
 */
export function useSessionCards() {
  const variables = () => ({});
  // Also listed under Thread when there is none yet, so a pin made anywhere in the console reloads it.
  const query = useQuery({ query: PinnedThreadsQuery, variables, requestPolicy: 'cache-and-network', context: { additionalTypenames: ['Thread'] } });
  const { data, state, error } = useLastGood(query, PinnedThreadsQuery, variables);
  const cards = computed(() => data.value?.pinnedThreads ?? []);
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' });

  let reread: ReturnType<typeof setTimeout> | undefined;
  onScopeDispose(() => clearTimeout(reread));
  const changes = useLiveStream({
    name: 'dashboard',
    document: DashboardChangesSubscription,
    variables: () => ({}),
    onData: ({ threadChanged }) => {
      if (!cards.value.some((card) => card.id === threadChanged.id)) return;
      clearTimeout(reread);
      reread = setTimeout(refresh, REREAD_MS);
    },
    onOpen: refresh,
  });
  const working = computed(() => cards.value.some((card) => card.activity === 'BUSY' || card.activity === 'RETRY'));
  usePolling(refresh, {
    interval: () => (working.value ? pollInterval(BUSY_POLL_MS) : changes.live.value ? Infinity : pollInterval(IDLE_POLL_MS)),
  });

  return { cards, state, error, refresh };
}
