import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '@otto/testkit';
import { rssOf } from './memory.js';

/** Reads a server-sent-events body, calling `onData` with each `data:` payload until `stop` says so. */
async function readEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => boolean): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end !== -1) {
        const data = buffered
          .slice(0, end)
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        buffered = buffered.slice(end + 2);
        if (data && onData(data)) return;
        end = buffered.indexOf('\n\n');
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

const SUBSCRIBE = 'subscription($id: ID!) { threadEvents(threadId: $id) { __typename ... on MessageDelta { delta } ... on MessageUpdated { message { role status text } } } }';

interface Target {
  graphqlUrl: string;
  token: string;
}

async function gql<T>(target: Target, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(target.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const createThread = async (target: Target, title: string) =>
  (await gql<{ createThread: { id: string } }>(target, 'mutation($i: CreateThreadInput!) { createThread(input: $i) { id } }', { i: { title } })).createThread.id;

// Node's own fetch opens as many connections to one origin as there are requests.
function subscribeSse(target: Target, threadId: string) {
  return fetch(target.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: SUBSCRIBE, variables: { id: threadId } }),
  });
}

/**
 * From the send to the first text delta, through a GraphQL subscription and through a listener on
 * OpenCode's own `/event` stream, for the same replies.
 */
export async function firstDeltaMs(target: Target, opencode: { url: string; authHeader: string }, replies: number) {
  const gateway: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < replies; i += 1) {
    const threadId = await createThread(target, `first delta ${i}`);
    const viaGateway = await subscribeSse(target, threadId);
    const viaOpencode = await fetch(`${opencode.url}/event`, { headers: { authorization: opencode.authHeader, accept: 'text/event-stream' } });
    let sentAt = 0;
    const gatewayFirst = readEvents(viaGateway.body as ReadableStream<Uint8Array>, (data) => (JSON.parse(data) as { data?: { threadEvents?: { __typename: string } } }).data?.threadEvents?.__typename === 'MessageDelta').then(() => performance.now() - sentAt);
    const directFirst = readEvents(viaOpencode.body as ReadableStream<Uint8Array>, (data) => {
      const event = JSON.parse(data) as { type?: string; properties?: { sessionID?: string; field?: string } };
      return event.type === 'message.part.delta' && event.properties?.sessionID === threadId && event.properties.field === 'text';
    }).then(() => performance.now() - sentAt);
    // Both streams have started (their first comment or event is in) before the send.
    await new Promise((resolve) => setTimeout(resolve, 200));
    sentAt = performance.now();
    await gql(target, 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', { i: { threadId, text: `first delta ${i} [[stream:5x40]]` } });
    const [g, d] = await Promise.all([gatewayFirst, directFirst]);
    gateway.push(g);
    direct.push(d);
  }
  return { gateway, direct };
}


/**
 * A gateway process of its own with `count` subscriptions open on one thread while a reply streams:
 * whether every subscriber got every delta, and how much the process's RSS grew.
 */
export async function manySubscribers(options: { entry: string; opencodeUrl: string; password: string; token: string; count: number }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'otto-bench-live-'));
  const port = 4900 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, options.entry], {
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production', OPENCODE_URL: options.opencodeUrl, OPENCODE_SERVER_PASSWORD: options.password, OTTO_PORT: String(port), OTTO_DATA_DIR: dataDir, OTTO_OPERATOR_TOKEN: options.token },
  });
  const target = { graphqlUrl: `http://127.0.0.1:${port}/graphql`, token: options.token };
  try {
    for (let tries = 0; ; tries += 1) {
      try {
        const { system } = await gql<{ system: { opencode: { status: string } } }>(target, '{ system { opencode { status } } }');
        if (system.opencode.status === 'UP') break;
      } catch {
        // Not listening yet.
      }
      if (tries > 300) throw new Error('gateway process did not come up');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const threadId = await createThread(target, 'many subscribers');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = rssOf(child.pid as number);
    const text = `many ${'subscribers '.repeat(20)}[[stream:20x25]]`;
    const received = await Promise.all(
      Array.from({ length: options.count }, async () => {
        const response = await subscribeSse(target, threadId);
        let joined = '';
        let final = '';
        const done = readEvents(response.body as ReadableStream<Uint8Array>, (data) => {
          const event = (JSON.parse(data) as { data?: { threadEvents?: { __typename: string; delta?: string; message?: { role: string; status: string; text: string } } } }).data?.threadEvents;
          if (event?.__typename === 'MessageDelta') joined += event.delta;
          if (event?.__typename === 'MessageUpdated' && event.message?.role === 'ASSISTANT' && event.message.status === 'COMPLETE') {
            final = event.message.text;
            return true;
          }
          return false;
        });
        return { done, result: () => joined === final && final !== '' };
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await gql(target, 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }', { i: { threadId, text } });
    let peak = rssOf(child.pid as number);
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid as number))), 50);
    await Promise.all(received.map((subscriber) => subscriber.done));
    clearInterval(sampler);
    peak = Math.max(peak, rssOf(child.pid as number));
    return { complete: received.filter((subscriber) => subscriber.result()).length, growthBytes: peak - before };
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
