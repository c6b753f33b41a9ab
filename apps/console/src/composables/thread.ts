import type { CombinedError } from '@urql/core';
import { useClientHandle, useQuery } from '@urql/vue';
import { computed, ref, shallowRef, watch } from 'vue';
import { graphql } from '../gql';
import { mergeLatest, mergeOlder, type Message } from '../messageHistory';
import { pollInterval } from './connection';
import { useLastGood } from './lastGood';
import { usePolling } from './polling';

const ThreadQuery = graphql(`
  query Thread($id: ID!, $last: Int!) {
    thread(id: $id) {
      ...ThreadSummary
      usage {
        cost
        tokens {
          input
          output
        }
      }
      permissions {
        id
        permission
        patterns
      }
      messages(last: $last) {
        hasOlder
        olderCursor
        nodes {
          ...MessageFields
        }
      }
    }
  }
`);

const OlderMessagesQuery = graphql(`
  query OlderMessages($id: ID!, $before: ID!, $last: Int!) {
    thread(id: $id) {
      id
      messages(last: $last, before: $before) {
        hasOlder
        olderCursor
        nodes {
          ...MessageFields
        }
      }
    }
  }
`);

const PAGE_SIZE = 30;
const BUSY_POLL_MS = 2000;
const IDLE_POLL_MS = 10_000;
/** How long a thread whose last word is the operator's keeps being polled fast for the reply. */
const REPLY_WAIT_MS = 120_000;

export interface ThreadOptions {
  /** A send is on its way: poll as fast as while the agent works. */
  hurry: () => boolean;
}

/** One thread with its messages, polled; older messages are fetched on demand and kept. */
export function useThread(id: () => string, options: ThreadOptions) {
  const { client } = useClientHandle();
  const variables = () => ({ id: id(), last: PAGE_SIZE });
  // Shows a thread from the cache at once when coming back to it, and refreshes it straight away.
  const query = useQuery({ query: ThreadQuery, variables, requestPolicy: 'cache-and-network' });
  const { data, state, error } = useLastGood(query, ThreadQuery, variables);

  /** null once the gateway has said no such thread exists. */
  const thread = computed(() => (data.value === undefined ? undefined : data.value.thread));
  const messages = shallowRef<Message[]>([]);
  /** Where the oldest page fetched so far ends; until one is fetched, the latest page says. */
  const oldestPage = shallowRef<{ hasOlder: boolean; olderCursor: string | null }>();
  const loadingOlder = ref(false);
  const olderError = shallowRef<CombinedError>();

  watch(id, () => {
    messages.value = [];
    oldestPage.value = undefined;
  });
  watch(
    () => thread.value?.messages?.nodes,
    (latest) => {
      // A STALE thread's history is gone from OpenCode: keep what this page already showed.
      if (latest && thread.value?.state !== 'STALE') messages.value = mergeLatest(messages.value, latest);
    },
    { immediate: true },
  );

  // Pages before the latest one chain from it: each is contiguous with the next, so nothing is skipped
  // even while new messages push the latest window forward (mergeLatest keeps what it slid past).
  const older = computed(() => oldestPage.value ?? thread.value?.messages);
  /** Whether there is history before the oldest message shown. */
  const hasOlder = computed(() => Boolean(older.value?.hasOlder && older.value.olderCursor));

  async function loadOlder() {
    const before = older.value?.olderCursor;
    if (!before || !hasOlder.value || loadingOlder.value) return;
    const threadId = id();
    loadingOlder.value = true;
    olderError.value = undefined;
    const result = await client
      .query(OlderMessagesQuery, { id: threadId, before, last: PAGE_SIZE }, { requestPolicy: 'network-only' })
      .toPromise();
    loadingOlder.value = false;
    if (threadId !== id()) return;
    const page = result.data?.thread?.messages;
    if (!page) {
      olderError.value = result.error;
      return;
    }
    oldestPage.value = { hasOlder: page.hasOlder, olderCursor: page.olderCursor };
    messages.value = mergeOlder(messages.value, page.nodes);
  }

  const working = computed(() => thread.value?.activity === 'BUSY' || thread.value?.activity === 'RETRY');
  // OpenCode reports a session busy a moment after it took the prompt; until the reply is finished, a
  // recent last message from the operator (or an unfinished reply) also means "poll fast".
  const awaitingReply = () => {
    const last = messages.value.at(-1);
    const recent = last !== undefined && Date.now() - Date.parse(last.createdAt) < REPLY_WAIT_MS;
    return recent && (last.role === 'USER' || last.status === 'PENDING');
  };
  const { refresh: pollNow } = usePolling(() => query.executeQuery({ requestPolicy: 'network-only' }), {
    interval: () => pollInterval(working.value || awaitingReply() || options.hurry() ? BUSY_POLL_MS : IDLE_POLL_MS),
  });

  return { thread, messages, hasOlder, loadOlder, loadingOlder, olderError, refresh: pollNow, state, error };
}
