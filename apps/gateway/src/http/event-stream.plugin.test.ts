import { createPubSub, createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it, vi } from 'vitest';
import type { RequestScope } from '../context.js';
import { codedError } from '../errors.js';
import { useSharedSubscriptionExecution } from '../live/shared-execution.plugin.js';
import { useEventStream } from './event-stream.plugin.js';

function gateway() {
  const pubsub = createPubSub<{ tick: [{ n: number }] }>();
  const scopes: RequestScope[] = [];
  const yoga = createYoga<RequestScope>({
    schema: createSchema({
      typeDefs: 'type Query { ok: Boolean } type Tick { n: Int } type Subscription { tick: Tick  failing: Tick }',
      resolvers: {
        Subscription: {
          tick: { subscribe: () => pubsub.subscribe('tick'), resolve: (event: { n: number }) => event },
          failing: {
            // eslint-disable-next-line require-yield -- a source that fails before its first event
            subscribe: async function* () {
              throw codedError('SLOW_CONSUMER', 'fell behind');
            },
          },
        },
      },
    }),
    plugins: [useSharedSubscriptionExecution(), useEventStream(), { onResponse: ({ serverContext }) => void scopes.push(serverContext as RequestScope) }],
  });
  return { yoga, pubsub, scopes };
}

async function open(yoga: ReturnType<typeof gateway>['yoga'], query: string) {
  const response = await yoga.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query }) });
  return { response, reader: response.body!.getReader() };
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, end: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(end)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

describe('useEventStream', () => {
  it("serialises an event once for every subscriber sharing its result, in Yoga's wire format", async () => {
    const { yoga, pubsub } = gateway();
    const subscribers = await Promise.all([1, 2, 3].map(() => open(yoga, 'subscription { tick { n } }')));
    expect(subscribers[0]!.response.headers.get('content-type')).toBe('text/event-stream');
    expect(subscribers[0]!.response.headers.get('x-accel-buffering')).toBe('no');
    await Promise.all(subscribers.map(({ reader }) => readUntil(reader, ':\n\n')));
    const stringify = vi.spyOn(JSON, 'stringify');
    pubsub.publish('tick', { n: 7 });
    const frames = await Promise.all(subscribers.map(({ reader }) => readUntil(reader, '\n\n')));
    const serialised = stringify.mock.calls.filter(([value]) => (value as { data?: unknown } | null)?.data !== undefined).length;
    stringify.mockRestore();
    expect(frames).toEqual(Array(3).fill('event: next\ndata: {"data":{"tick":{"n":7}}}\n\n'));
    expect(serialised).toBe(1);
    await Promise.all(subscribers.map(({ reader }) => reader.cancel()));
  });

  it('settles streamEnded when the subscriber leaves, and when the stream completes with its error', async () => {
    const { yoga, scopes } = gateway();
    const { reader } = await open(yoga, 'subscription { tick { n } }');
    await readUntil(reader, ':\n\n');
    await reader.cancel();
    await expect(scopes[0]!.streamEnded).resolves.toBeUndefined();

    const stream = await open(yoga, 'subscription { failing { n } }');
    const text = await readUntil(stream.reader, 'event: complete');
    expect(text).toContain('"code":"SLOW_CONSUMER"');
    await expect(scopes[1]!.streamEnded).resolves.toBeUndefined();
  });
});
