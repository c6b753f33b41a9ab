import type { AnyVariables, CombinedError, TypedDocumentNode } from '@urql/core';
import { useClientHandle } from '@urql/vue';
import { computed, onScopeDispose, shallowRef, watch } from 'vue';
import { errorCode, describeError } from '../errors';
import { initialLiveState, isSubscribing, nextLiveState, type EndReason, type LiveEvent, type LiveState } from '../liveState';
import { isNetworkError } from '../urql';
import { useConnection } from './connection';
import { registerLiveStream } from './liveStatus';

/** The gateway pings every 12 s; this long without a byte, the stream is taken for dead (or the laptop slept). */
const SILENCE_MS = 40_000;
/** A subscribe whose stream has not started by then is given up and tried again later. */
const CONNECT_MS = 15_000;
const WATCHDOG_MS = 5_000;

export interface LiveStreamOptions<T, V extends AnyVariables> {
  /** For the status: which stream this is. */
  name: string;
  document: TypedDocumentNode<T, V>;
  variables: () => V;
  /** One event of the stream. */
  onData: (data: T) => void;
  /** The stream has (again) started: whatever happened before it may have been missed; read afresh. */
  onOpen: () => void;
}

function canStream(): boolean {
  return typeof ReadableStream === 'function' && typeof TransformStream === 'function' && typeof TextDecoder === 'function';
}

/** How a subscription ended, from its last result and what its response was. */
export function endReason(error: CombinedError | undefined, response: { status: number; eventStream: boolean } | undefined): EndReason {
  if (!error) return 'closed';
  // Answered, but not with a stream: a proxy or an older gateway in the way.
  if (response && response.status >= 200 && response.status < 300 && !response.eventStream) return 'unsupported';
  if (isNetworkError(error)) return 'network';
  return errorCode(error) === 'SLOW_CONSUMER' ? 'slow' : 'refused';
}

/**
 * A GraphQL subscription over server-sent events (urql's fetchSubscriptions), kept up: when it ends
 * or breaks, or goes silent, it is subscribed again with backoff, and as soon as the gateway answers
 * after an outage. `live` says whether it is up now; while it is not, whoever uses it polls.
 */
export function useLiveStream<T, V extends AnyVariables>(options: LiveStreamOptions<T, V>) {
  const { client } = useClientHandle();
  const { offline } = useConnection();
  const state = shallowRef<LiveState>(initialLiveState(canStream()));
  const dispatch = (event: LiveEvent) => {
    state.value = nextLiveState(state.value, event, Date.now(), Math.random());
  };

  let subscription: { unsubscribe(): void } | undefined;
  /** When the current subscribe started, and when its stream last delivered a byte. */
  let startedAt = 0;
  let lastByte = 0;

  function teardown() {
    subscription?.unsubscribe();
    subscription = undefined;
  }

  function subscribe() {
    teardown();
    const generation = state.value.generation;
    const current = () => generation === state.value.generation;
    let response: { status: number; eventStream: boolean } | undefined;
    startedAt = Date.now();
    lastByte = 0;

    // urql reads the body through this: its first bytes (the gateway's opening ping) mean the stream is up.
    const streamingFetch: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      const eventStream = (answer.headers.get('content-type') ?? '').includes('text/event-stream');
      response = { status: answer.status, eventStream };
      if (!answer.ok || !eventStream || !answer.body) return answer;
      const watched = answer.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            const first = lastByte === 0;
            lastByte = Date.now();
            if (first && current()) {
              dispatch({ type: 'opened' });
              options.onOpen();
            }
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(watched, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
    };

    subscription = client
      .subscription(options.document, options.variables(), { fetch: streamingFetch })
      .subscribe((result) => {
        if (!current()) return;
        // The closing result repeats the last data; an error's result may too.
        if (result.hasNext && !result.error && result.data !== undefined) options.onData(result.data);
        if (result.error || !result.hasNext) {
          const detail = result.error ? describeError(result.error) : undefined;
          dispatch({ type: 'ended', why: endReason(result.error, response), detail });
        }
      });
  }

  // One subscription per generation, while subscribing; a number, so that other changes of state (live,
  // say) leave the subscription alone.
  watch(
    () => (isSubscribing(state.value) ? state.value.generation : 0),
    (generation) => (generation ? subscribe() : teardown()),
    { immediate: true },
  );

  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => state.value.retryAt,
    (at) => {
      clearTimeout(retryTimer);
      if (at !== null) retryTimer = setTimeout(() => dispatch({ type: 'due' }), Math.max(0, at - Date.now()));
    },
    { immediate: true },
  );

  watch(offline, (isOffline) => dispatch({ type: isOffline ? 'offline' : 'reachable' }), { immediate: true });

  const watchdog = setInterval(() => {
    const now = Date.now();
    if (state.value.mode === 'live' && now - lastByte > SILENCE_MS) dispatch({ type: 'wake' });
    else if (isSubscribing(state.value) && lastByte === 0 && now - startedAt > CONNECT_MS) dispatch({ type: 'ended', why: 'timeout' });
  }, WATCHDOG_MS);
  const onOnline = () => dispatch({ type: 'wake' });
  window.addEventListener('online', onOnline);

  const unregister = registerLiveStream(options.name, state);
  onScopeDispose(() => {
    teardown();
    clearTimeout(retryTimer);
    clearInterval(watchdog);
    window.removeEventListener('online', onOnline);
    unregister();
  });

  return { state, live: computed(() => state.value.mode === 'live') };
}
