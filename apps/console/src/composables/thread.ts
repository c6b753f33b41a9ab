import type { CombinedError } from '@urql/core';
import { useClientHandle, useQuery } from '@urql/vue';
import { computed, ref, shallowRef, watch } from 'vue';
import { graphql } from '../gql';
import { mergeFetched } from '../liveMessages';
import { applyThreadEvents, type ThreadData, type ThreadEvent } from '../liveThread';
import { mergeOlder, type Message } from '../messageHistory';
import { pollInterval } from './connection';
import { useLastGood, type LoadState } from './lastGood';
import { usePolling } from './polling';
import { useThreadEvents } from './threadEvents';

const ThreadQuery = graphql(`
  query Thread($id: ID!, $last: Int!) {
    thread(id: $id) {
      ...ThreadDetail
      permissions {
        ...PermissionFields
      }
      questions {
        ...QuestionFields
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

/**
 * One thread with its messages, followed live (threadEvents) while its stream is up and polled while
 * it is not; older messages are fetched on demand and kept.
 */
export function useThread(id: () => string, options: ThreadOptions) {
  const { client } = useClientHandle();
  const variables = () => ({ id: id(), last: PAGE_SIZE });

  /** The thread as last read, with what the stream told since; null once the gateway said no such thread exists. */
  const current = shallowRef<ThreadData | null>();
  const messages = shallowRef<readonly Message[]>([]);
  /** Where the oldest page fetched so far ends; until one is fetched, the latest page says. */
  const oldestPage = shallowRef<{ hasOlder: boolean; olderCursor: string | null }>();
  const loadingOlder = ref(false);
  const olderError = shallowRef<CombinedError>();
  const catchUpError = shallowRef<CombinedError>();

  const events = useThreadEvents(id, { onEvents, onOpen: () => void catchUp() });
  const live = events.live;

  // While the stream is up the query rests: no polls, and no refetch because a mutation touched a
  // message. A reply that streams is read from the stream alone.
  const query = useQuery({
    query: ThreadQuery,
    variables,
    // Shows a thread from the cache at once when coming back to it, and refreshes it straight away.
    requestPolicy: 'cache-and-network',
    // A GET even a little past urql's 2 KB guess at a URL limit (the gateway takes 16 KB of
    // headers), so the browser revalidates the poll and an unchanged thread costs a 304.
    context: { preferGetMethod: 'force' },
    pause: () => live.value && current.value !== undefined,
  });
  const { data, state: queryState, error: queryError } = useLastGood(query, ThreadQuery, variables);

  watch(id, () => {
    current.value = undefined;
    messages.value = [];
    oldestPage.value = undefined;
  });

  /** A fresh read of the thread replaces what was shown, messages merged in. */
  function take(thread: ThreadData | null) {
    current.value = thread;
    const latest = thread?.messages?.nodes;
    // A STALE thread's history is gone from OpenCode: keep what this page already showed.
    if (!thread || !latest || thread.state === 'STALE') return;
    messages.value = mergeFetched(messages.value, latest, live.value);
  }
  // A cached copy shows a thread at once when nothing is shown yet; otherwise only fresh reads count.
  watch(
    [data, query.stale],
    ([fetched, stale]) => {
      if (fetched !== undefined && (!stale || current.value === undefined)) take(fetched.thread);
    },
    { immediate: true },
  );

  function onEvents(list: ThreadEvent[]) {
    const thread = current.value;
    // Before the first read there is nothing to apply them to; the read that follows the stream's start has them.
    if (!thread) return;
    const { shown, resync } = applyThreadEvents({ thread, messages: messages.value }, list);
    current.value = shown.thread;
    messages.value = shown.messages;
    if (resync) void catchUp();
  }

  /** One read of the thread, for when the stream (re)starts or OpenCode comes back: it may have missed events. */
  async function catchUp() {
    const threadId = id();
    const result = await client.query(ThreadQuery, variables(), { requestPolicy: 'network-only' }).toPromise();
    if (threadId !== id()) return;
    catchUpError.value = result.error;
    if (result.data !== undefined && !result.error) take(result.data.thread);
  }

  // Pages before the latest one chain from it: each is contiguous with the next, so nothing is skipped
  // even while new messages push the latest window forward (mergeLatest keeps what it slid past).
  const older = computed(() => oldestPage.value ?? current.value?.messages);
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

  const working = computed(() => current.value?.activity === 'BUSY' || current.value?.activity === 'RETRY');
  // OpenCode reports a session busy a moment after it took the prompt; until the reply is finished, a
  // recent last message from the operator (or an unfinished reply) also means "poll fast".
  const awaitingReply = () => {
    const last = messages.value.at(-1);
    const recent = last !== undefined && Date.now() - Date.parse(last.createdAt) < REPLY_WAIT_MS;
    return recent && (last.role === 'USER' || last.status === 'PENDING');
  };
  const { refresh: pollNow } = usePolling(
    () => {
      if (!live.value) query.executeQuery({ requestPolicy: 'network-only' });
    },
    {
      interval: () =>
        live.value ? Infinity : pollInterval(working.value || awaitingReply() || options.hurry() ? BUSY_POLL_MS : IDLE_POLL_MS),
    },
  );

  const state = computed<LoadState>(() => (current.value !== undefined ? 'done' : queryState.value));
  const error = computed(() => (live.value ? catchUpError.value : queryError.value));

  return {
    thread: current,
    messages,
    hasOlder,
    loadOlder,
    loadingOlder,
    olderError,
    /** The operator asked: read the thread now. */
    refresh: () => (live.value ? void catchUp() : pollNow()),
    /** Something happened that the stream reports by itself; without the stream, read the thread now. */
    nudge: () => {
      if (!live.value) pollNow();
    },
    state,
    error,
  };
}
