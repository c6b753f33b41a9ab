import type { ExecutionResult, GraphQLError } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { RequestScope } from '../context.js';

/** Yoga's own interval; a proxy that closes a stream idle for 15 s still sees one in time. */
export const EVENT_STREAM_PING_MS = 12_000;

const encoder = new TextEncoder();
const PING = encoder.encode(':\n\n');
const COMPLETE = encoder.encode('event: complete\ndata:\n\n');

/**
 * Serves subscription streams as server-sent events in place of Yoga's processor, for two reasons
 * measured with 500 subscribers of one thread: the subscribers share each event's result object
 * (`useSharedSubscriptionExecution`), so its frame is serialised and encoded once for all of them
 * rather than once each; and the request learns when its stream ends (`RequestScope.streamEnded`)
 * without a second stream wrapped around the body to find out. Same wire format as Yoga's.
 */
export function useEventStream(): Plugin {
  const frames = new WeakMap<object, Uint8Array>();
  const frameOf = (result: ExecutionResult): Uint8Array => {
    let frame = frames.get(result);
    if (!frame) {
      frame = encoder.encode(`event: next\ndata: ${JSON.stringify(withoutInternals(result))}\n\n`);
      frames.set(result, frame);
    }
    return frame;
  };

  return {
    onResultProcess({ result, resultProcessor, setResultProcessor, serverContext }) {
      // For a subscription's stream Yoga picks no processor but its SSE one; without one, it answers 406.
      if (!resultProcessor || !isAsyncIterable(result)) return;
      const scope = serverContext as RequestScope;
      let ended!: () => void;
      scope.streamEnded = new Promise<void>((resolve) => (ended = resolve));
      setResultProcessor((_result, fetchAPI) => eventStreamResponse(fetchAPI, result, frameOf, ended), 'text/event-stream');
    },
  };
}

function eventStreamResponse(
  fetchAPI: FetchAPI,
  results: AsyncIterable<ExecutionResult>,
  frameOf: (result: ExecutionResult) => Uint8Array,
  ended: () => void,
): Response {
  const iterator = results[Symbol.asyncIterator]();
  let ping: NodeJS.Timeout | undefined;
  const finish = () => {
    clearInterval(ping);
    ended();
  };
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      // Some browsers hold a response back until its first bytes arrive.
      controller.enqueue(PING);
      ping = setInterval(() => {
        if ((controller.desiredSize ?? 0) > 0) controller.enqueue(PING);
      }, EVENT_STREAM_PING_MS);
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.value != null) controller.enqueue(frameOf(next.value));
        if (next.done) {
          controller.enqueue(COMPLETE);
          controller.close();
          finish();
        }
      } catch (error) {
        controller.error(error);
        finish();
      }
    },
    async cancel() {
      finish();
      await iterator.return?.();
    },
  });
  return new fetchAPI.Response(body, {
    headers: { 'content-type': 'text/event-stream', connection: 'keep-alive', 'cache-control': 'no-cache', 'content-encoding': 'none', 'x-accel-buffering': 'no' },
  });
}

/** What Yoga also leaves out of an answer: the HTTP hints some errors carry for the server alone. */
function withoutInternals(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((error: GraphQLError) => {
      const json = error.toJSON();
      if (!json.extensions) return json;
      const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions;
      return { ...json, extensions };
    }) as unknown as GraphQLError[],
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
