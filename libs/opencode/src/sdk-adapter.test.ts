import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpencodeError } from './errors.js';
import { freePort } from './net.js';
import { createSdkAdapter } from './sdk-adapter.js';

// A stand-in OpenCode whose every answer a test decides; the real server is in test/.
let answer: (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const never = () => undefined;
const json = (body: unknown, status = 200) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

beforeEach(() => {
  answer = never;
});

describe('createSdkAdapter', () => {
  it('ends a call at its own timeout or the caller\'s signal, as a timeout that may have reached OpenCode', async () => {
    const adapter = createSdkAdapter({ baseUrl, timeoutMs: 30 });
    await expect(adapter.health()).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', reached: 'maybe' });
    const slow = createSdkAdapter({ baseUrl });
    const caller = new AbortController();
    const cancelled = slow.message('ses_1', 'msg_1', { signal: caller.signal });
    setTimeout(() => caller.abort(), 10);
    await expect(cancelled).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', reached: 'maybe' });
  });

  it('fails with the caller\'s own OpencodeError, and sends nothing once the caller has given up', async () => {
    const calls: string[] = [];
    const adapter = createSdkAdapter({ baseUrl, onCall: (call) => calls.push(call) });
    const reason = new OpencodeError('UPSTREAM_TIMEOUT', 'the send is out of time', undefined, 'maybe');
    const caller = new AbortController();
    const prompt = adapter.promptAsync({ sessionId: 'ses_1', messageId: 'msg_1', text: 'hi' }, { signal: caller.signal });
    setTimeout(() => caller.abort(reason), 10);
    await expect(prompt).rejects.toBe(reason);
    await expect(adapter.sessionStatus({ signal: AbortSignal.abort() })).rejects.toMatchObject({ reached: 'no' });
    expect(calls).toEqual(['session.prompt_async']);
  });

  it('lets one caller leave a shared request without failing the others', async () => {
    let calls = 0;
    answer = (req, res) => setTimeout(() => json({})(req, res), 30);
    const adapter = createSdkAdapter({ baseUrl, onCall: () => (calls += 1) });
    const leaving = new AbortController();
    const left = adapter.sessionStatus({ signal: leaving.signal });
    const stays = adapter.sessionStatus();
    leaving.abort();
    await expect(left).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    await expect(stays).resolves.toEqual({});
    expect(calls).toBe(1);
  });

  it('tells what reached OpenCode: an answer did (yes), a refused connection did not (no)', async () => {
    answer = json({ name: 'NotFoundError' }, 404);
    const adapter = createSdkAdapter({ baseUrl });
    await expect(adapter.getSession('ses_1')).rejects.toMatchObject({ code: 'NOT_FOUND', reached: 'yes' });
    expect(await adapter.message('ses_1', 'msg_1')).toBeNull();
    const nobody = createSdkAdapter({ baseUrl: `http://127.0.0.1:${await freePort('127.0.0.1')}` });
    await expect(nobody.listSessions()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reached: 'no' });
  });

  it('reports each call by its route template, never by the ids in its path, with its duration and outcome', async () => {
    const seen: string[] = [];
    const adapter = createSdkAdapter({
      baseUrl,
      timeoutMs: 200,
      onRequest: ({ method, route }, durationMs, outcome) => {
        expect(durationMs).toBeGreaterThanOrEqual(0);
        seen.push(`${method} ${route} ${outcome}`);
      },
    });
    answer = json({ id: 'ses_secret', title: 'private title' });
    await adapter.getSession('ses_secret');
    answer = json({ name: 'NotFoundError' }, 404);
    await adapter.message('ses_secret', 'msg_secret');
    answer = never;
    await expect(adapter.promptAsync({ sessionId: 'ses_secret', messageId: 'msg_secret', text: 'hi' })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    // A call the caller gave up on before it was sent is no request at all.
    await expect(adapter.sessionStatus({ signal: AbortSignal.abort() })).rejects.toMatchObject({ reached: 'no' });
    expect(seen).toEqual(['GET /session/:id ok', 'GET /session/:id/message/:messageId error', 'POST /session/:id/prompt_async error']);
  });

  it('passes on no stored key from OpenCode\'s provider listing, default model first, and reports the key routes as templates', async () => {
    const seen: string[] = [];
    const adapter = createSdkAdapter({ baseUrl, onRequest: ({ method, route }, _ms, outcome) => void seen.push(`${method} ${route} ${outcome}`) });
    const model = (id: string) => ({ id, providerID: 'anthropic', name: id.toUpperCase(), api: { id, url: '', npm: '' }, options: { apiKey: 'sk-in-model' } });
    answer = json({
      all: [
        {
          id: 'anthropic',
          name: 'Anthropic',
          source: 'api',
          env: ['ANTHROPIC_API_KEY'],
          key: 'sk-stored-in-plain-text',
          options: { apiKey: 'sk-stored-in-plain-text' },
          models: { small: model('small'), big: model('big') },
        },
        { id: 'openai', name: 'OpenAI', source: 'env', env: [], options: {}, models: {} },
      ],
      connected: ['anthropic'],
      default: { anthropic: 'big' },
    });
    const providers = await adapter.listProviders();
    expect(providers).toEqual([
      { id: 'anthropic', name: 'Anthropic', connected: true, models: [{ id: 'big', name: 'BIG' }, { id: 'small', name: 'SMALL' }] },
      { id: 'openai', name: 'OpenAI', connected: false, models: [] },
    ]);
    expect(JSON.stringify(providers)).not.toMatch(/sk-/);
    answer = json(true);
    await adapter.setProviderKey('anthropic', 'sk-new');
    await adapter.removeProviderKey('anthropic');
    await adapter.reload();
    expect(seen).toEqual(['GET /provider ok', 'PUT /auth/:id ok', 'DELETE /auth/:id ok', 'POST /global/dispose ok']);
  });
});

describe('createSdkAdapter().streamEvents', () => {
  const sse = (events: object[], keepOpen: boolean) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
    if (!keepOpen) res.end();
  };
  const connected = { id: 'evt_1', type: 'server.connected', properties: {} };

  it('resolves when the caller stops it', async () => {
    answer = sse([connected], true);
    const stop = new AbortController();
    const received: string[] = [];
    const stream = createSdkAdapter({ baseUrl }).streamEvents((event) => {
      received.push(event.type);
      stop.abort();
    }, stop.signal);
    await expect(stream).resolves.toBeUndefined();
    expect(received).toEqual(['server.connected']);
  });

  it('rejects when OpenCode ends the stream, or when it stays silent after connecting or later', async () => {
    const adapter = createSdkAdapter({ baseUrl });
    const signal = new AbortController().signal;
    answer = sse([connected], false);
    await expect(adapter.streamEvents(() => undefined, signal)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    answer = never;
    await expect(adapter.streamEvents(() => undefined, signal, { connectTimeoutMs: 20 })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
    answer = sse([connected], true);
    await expect(adapter.streamEvents(() => undefined, signal, { idleTimeoutMs: 20 })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
  });
});
