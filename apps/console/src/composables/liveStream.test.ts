import { CombinedError, type TypedDocumentNode } from '@urql/core';
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, shallowRef } from 'vue';
import { endReason, useLiveStream } from './liveStream';

/** The stand-in client below never reads it. */
const Changed = {} as TypedDocumentNode<{ threadChanged: { id: string } }, Record<string, never>>;

type Result = { data?: unknown; error?: CombinedError; hasNext: boolean };

/** A stand-in for urql's client: each subscribe is recorded with the fetch urql would read it through. */
function fakeClient() {
  const subscriptions: Array<{ emit(result: Result): void; fetch: typeof fetch; closed: boolean }> = [];
  const client = {
    subscription: (_document: unknown, _variables: unknown, context: { fetch: typeof fetch }) => ({
      subscribe(sink: (result: Result) => void) {
        const entry = { emit: sink, fetch: context.fetch, closed: false };
        subscriptions.push(entry);
        return { unsubscribe: () => (entry.closed = true) };
      },
    }),
  };
  return { client, subscriptions };
}

/** The gateway's answer to a subscribe: an event stream that starts with a ping. */
async function open(entry: { fetch: typeof fetch }) {
  globalThis.fetch = vi.fn(async () => new Response(':\n\n', { headers: { 'content-type': 'text/event-stream' } }));
  const response = await entry.fetch('/graphql', {});
  await response.text();
}

function mountStream(client: unknown) {
  const onData = vi.fn();
  const onOpen = vi.fn();
  let stream!: ReturnType<typeof useLiveStream>;
  const Host = defineComponent({
    setup() {
      stream = useLiveStream({ name: 'test', document: Changed, variables: () => ({}), onData, onOpen });
      return () => h('div');
    },
  });
  const wrapper = mount(Host, { global: { provide: { $urql: shallowRef(client) } } });
  return { wrapper, stream, onData, onOpen };
}

const realFetch = globalThis.fetch;
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] }));
afterEach(() => {
  vi.useRealTimers();
  globalThis.fetch = realFetch;
});

describe('useLiveStream', () => {
  it('is live once the stream starts, hands over its events, and says the stream (re)started', async () => {
    const { client, subscriptions } = fakeClient();
    const { stream, onData, onOpen } = mountStream(client);
    expect(subscriptions).toHaveLength(1);
    expect(stream.live.value).toBe(false);
    await open(subscriptions[0]!);
    expect(stream.live.value).toBe(true);
    expect(onOpen).toHaveBeenCalledTimes(1);
    subscriptions[0]!.emit({ data: { threadChanged: { id: 'ses_a' } }, hasNext: true });
    // The closing result repeats the last event: not handed over again.
    subscriptions[0]!.emit({ data: { threadChanged: { id: 'ses_a' } }, hasNext: false });
    expect(onData).toHaveBeenCalledTimes(1);
    expect(stream.state.value.reason).toBe('dropped');
  });

  it('after SLOW_CONSUMER polls, then subscribes again by itself and reads afresh', async () => {
    const { client, subscriptions } = fakeClient();
    const { stream, onOpen } = mountStream(client);
    await open(subscriptions[0]!);
    const slow = new CombinedError({ graphQLErrors: [{ message: 'behind', extensions: { code: 'SLOW_CONSUMER' } }] });
    subscriptions[0]!.emit({ error: slow, hasNext: false });
    expect(stream.state.value.reason).toBe('slow');
    expect(stream.live.value).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(subscriptions).toHaveLength(2);
    await open(subscriptions[1]!);
    expect(stream.live.value).toBe(true);
    expect(onOpen).toHaveBeenCalledTimes(2);
  });

  it('starts over when a live stream goes silent (sleep, a dead connection)', async () => {
    const { client, subscriptions } = fakeClient();
    const { stream } = mountStream(client);
    await open(subscriptions[0]!);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(subscriptions[0]!.closed).toBe(true);
    expect(subscriptions).toHaveLength(2);
    expect(stream.state.value.reason).toBe('reconnecting');
  });

  it('ends its subscription with the component', async () => {
    const { client, subscriptions } = fakeClient();
    const { wrapper } = mountStream(client);
    await open(subscriptions[0]!);
    wrapper.unmount();
    expect(subscriptions[0]!.closed).toBe(true);
  });
});

describe('endReason', () => {
  const stream = { status: 200, eventStream: true };
  it('reads how a subscription ended', () => {
    expect(endReason(undefined, stream)).toBe('closed');
    expect(endReason(new CombinedError({ networkError: new Error('reset') }), stream)).toBe('network');
    expect(endReason(new CombinedError({ graphQLErrors: [{ message: 'x', extensions: { code: 'SLOW_CONSUMER' } }] }), stream)).toBe('slow');
    expect(endReason(new CombinedError({ graphQLErrors: [{ message: 'x', extensions: { code: 'NOT_FOUND' } }] }), stream)).toBe('refused');
  });

  it('calls an answer that is not an event stream unsupported', () => {
    const error = new CombinedError({ graphQLErrors: [{ message: 'Subscriptions are not supported' }] });
    expect(endReason(error, { status: 200, eventStream: false })).toBe('unsupported');
    expect(endReason(error, { status: 401, eventStream: false })).toBe('refused');
  });
});
