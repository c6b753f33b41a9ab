import { describe, expect, it } from 'vitest';
import { OpencodeError } from './errors.js';
import { createFakeOpencode } from './fake.js';
import { newMessageId } from './ids.js';
import { describePortContract, finishedReply, openStream, startedReply, texts, waitFor } from './port.contract.js';

const HANG = 'this reply never finishes';

describePortContract('in-memory fake', async () => {
  const fake = createFakeOpencode({ onPrompt: (text) => (text === HANG ? { hang: true } : undefined) });
  return {
    port: fake,
    hangingPrompt: HANG,
    crash: async () => fake.crash(),
    restart: async () => fake.restart(),
    cleanup: async () => fake.crash(),
  };
});

async function withSession(options: Parameters<typeof createFakeOpencode>[0] = {}) {
  const fake = createFakeOpencode(options);
  const session = await fake.createSession({});
  return { fake, sessionId: session.id };
}

describe('the fake\'s faults', () => {
  it('a stalled call fails at the caller\'s signal or its own timeout (reached maybe), and OpenCode still does it late', async () => {
    const { fake, sessionId } = await withSession({ timeoutMs: 20 });
    fake.stall(60_000);
    const caller = new AbortController();
    const cancelled = fake.sessionStatus({ signal: caller.signal });
    caller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', reached: 'maybe' });
    await expect(fake.health()).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', reached: 'maybe' });
    const messageId = newMessageId();
    await expect(fake.promptAsync({ sessionId, messageId, text: 'late' })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      reached: 'maybe',
    });

    fake.stall(0);
    expect(texts(await finishedReply(fake, sessionId, messageId))).toEqual(['echo: late']);
  });

  it('a caller aborting with an OpencodeError gets exactly that error; one aborted before the call sends nothing', async () => {
    const { fake, sessionId } = await withSession();
    fake.stall(60_000);
    const deadline = new OpencodeError('UPSTREAM_TIMEOUT', 'the send ran out of time', undefined, 'maybe');
    const caller = new AbortController();
    const pending = fake.message(sessionId, newMessageId(), { signal: caller.signal });
    caller.abort(deadline);
    await expect(pending).rejects.toBe(deadline);

    fake.calls.length = 0;
    await expect(fake.health({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', reached: 'no' });
    expect(fake.calls).toEqual([]);
    fake.crash();
  });

  it('a stalled event stream stays silent until its connect watchdog gives up', async () => {
    const fake = createFakeOpencode();
    fake.stall(60_000);
    const events: string[] = [];
    const stream = fake.streamEvents((event) => events.push(event.type), new AbortController().signal, { connectTimeoutMs: 20 });
    await expect(stream).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(events).toEqual([]);
    fake.crash();
  });

  it('a crash cuts off stalled calls (reached maybe) and forgets pending permissions', async () => {
    const { fake, sessionId } = await withSession({ onPrompt: () => ({ bash: 'ls' }) });
    await fake.promptAsync({ sessionId, messageId: newMessageId(), text: 'list files' });
    await waitFor(async () => (await fake.listPermissions())[0], 'the permission request');
    fake.stall(60_000);
    const inFlight = fake.listSessions();
    fake.crash();
    await expect(inFlight).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reached: 'maybe' });
    fake.restart();
    expect(await fake.listPermissions()).toEqual([]);
    expect(await fake.sessionStatus()).toEqual({});
  });

  it('a crash before OpenCode stored an accepted prompt loses it', async () => {
    const { fake, sessionId } = await withSession();
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId, messageId, text: 'accepted, never stored' });
    fake.crash();
    fake.restart();
    expect(await fake.message(sessionId, messageId)).toBeNull();
  });

  it('dropTextOf leaves the message with its id and info but without its text', async () => {
    const { fake, sessionId } = await withSession();
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId, messageId, text: 'soon gone' });
    await finishedReply(fake, sessionId, messageId);
    fake.dropTextOf(messageId);
    const message = await fake.message(sessionId, messageId);
    expect(message?.info).toMatchObject({ id: messageId, role: 'user' });
    expect(message?.parts).toEqual([]);
  });

  it('delivers every event twice, or each burst newest first, when asked', async () => {
    const fake = createFakeOpencode({ eventOrder: 'duplicated' });
    const stream = await openStream(fake);
    expect(stream.events.map((event) => event.type)).toEqual(['server.connected', 'server.connected']);
    const session = await fake.createSession({});
    await stream.next((event) => event.type === 'session.created', 'session.created');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.events.filter((event) => event.type === 'session.created')).toHaveLength(2);

    fake.setEventOrder('reversed');
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId: session.id, messageId, text: 'hi' });
    await finishedReply(fake, session.id, messageId);
    const stored = await stream.next(
      (event) => event.type === 'message.updated' && event.properties.info.id === messageId,
      'the message stored',
    );
    const text = await stream.next(
      (event) => event.type === 'message.part.updated' && event.properties.part.messageID === messageId,
      'its text',
    );
    // Stored in one step with its text, so the text's event now comes first.
    expect(stream.events.indexOf(text)).toBeLessThan(stream.events.indexOf(stored));
    await stream.close();
  });

  it('emit() delivers any event to every open stream', async () => {
    const fake = createFakeOpencode();
    const [first, second] = [await openStream(fake), await openStream(fake)];
    fake.emit({ id: 'evt_1', type: 'session.idle', properties: { sessionID: 'ses_1' } });
    for (const stream of [first, second]) {
      await stream.next((event) => event.type === 'session.idle', 'the emitted event');
      await stream.close();
    }
  });

  it('records the calls that reached OpenCode, and none while it is down', async () => {
    const { fake, sessionId } = await withSession();
    await fake.messages(sessionId);
    fake.crash();
    await expect(fake.listSessions()).rejects.toThrow();
    expect(fake.calls).toEqual(['session.create', 'session.messages']);
  });
});

describe('the fake\'s replies', () => {
  it('follows a script: other text, an API error, a delay', async () => {
    const { fake, sessionId } = await withSession({
      onPrompt: (text) => (text === 'fail' ? { error: 'model refused' } : { text: 'scripted', delayMs: 5 }),
    });
    const scripted = newMessageId();
    await fake.promptAsync({ sessionId, messageId: scripted, text: 'hi' });
    expect(texts(await finishedReply(fake, sessionId, scripted))).toEqual(['scripted']);
    const failing = newMessageId();
    await fake.promptAsync({ sessionId, messageId: failing, text: 'fail' });
    const failed = await finishedReply(fake, sessionId, failing);
    expect(failed).toMatchObject({ info: { error: { name: 'APIError', data: { message: 'model refused' } } }, parts: [] });
  });

  it('answers a prompt sent during a reply once that reply is done', async () => {
    const { fake, sessionId } = await withSession({ replyDelayMs: 5 });
    const first = newMessageId();
    await fake.promptAsync({ sessionId, messageId: first, text: 'one' });
    await startedReply(fake, sessionId, first);
    // Made now, so it sorts after the reply already begun: OpenCode orders a session's messages by id.
    const second = newMessageId();
    await fake.promptAsync({ sessionId, messageId: second, text: 'two' });
    expect(texts(await finishedReply(fake, sessionId, second))).toEqual(['echo: two']);
    const { messages } = await fake.messages(sessionId);
    expect(messages.map((message) => texts(message).join(''))).toEqual(['one', 'echo: one', 'two', 'echo: two']);
  });

  it('asks before running bash: once lets the reply go on, reject ends the turn there', async () => {
    const { fake, sessionId } = await withSession({ onPrompt: () => ({ bash: 'echo hi' }) });
    const allowed = newMessageId();
    await fake.promptAsync({ sessionId, messageId: allowed, text: 'run it' });
    const request = await waitFor(async () => (await fake.listPermissions())[0], 'the permission request');
    expect(request).toMatchObject({ sessionID: sessionId, permission: 'bash', patterns: ['echo hi'], always: ['echo *'] });
    expect(await fake.sessionStatus()).toEqual({ [sessionId]: { type: 'busy' } });
    await fake.replyPermission(request.id, 'once');
    expect(texts(await finishedReply(fake, sessionId, allowed))).toEqual(['echo: run it']);
    const { messages } = await fake.messages(sessionId);
    const finishes = messages.map((message) => message.info.role === 'assistant' && message.info.finish);
    expect(finishes).toEqual([false, 'tool-calls', 'stop']);
    expect(messages[1]?.parts[1]).toMatchObject({ type: 'tool', state: { status: 'completed', input: { command: 'echo hi' } } });

    const rejected = newMessageId();
    await fake.promptAsync({ sessionId, messageId: rejected, text: 'not this time' });
    const second = await waitFor(async () => (await fake.listPermissions())[0], 'the second request');
    await fake.replyPermission(second.id, 'reject');
    const ended = await finishedReply(fake, sessionId, rejected);
    expect(ended).toMatchObject({ info: { finish: 'tool-calls' }, parts: [{}, { state: { status: 'error' } }, {}] });
  });

  it('leaves a permission listed when its turn is aborted; answering it then changes nothing', async () => {
    const { fake, sessionId } = await withSession({ onPrompt: () => ({ bash: 'rm -rf build' }) });
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId, messageId, text: 'clean' });
    const request = await waitFor(async () => (await fake.listPermissions())[0], 'the permission request');
    await fake.abort(sessionId);
    expect((await fake.listPermissions()).map((permission) => permission.id)).toEqual([request.id]);
    const aborted = await finishedReply(fake, sessionId, messageId);
    expect(aborted.parts[1]).toMatchObject({ state: { status: 'error', error: 'Tool execution aborted' } });
    await fake.replyPermission(request.id, 'once');
    expect(await fake.listPermissions()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await fake.messages(sessionId)).messages).toHaveLength(2);
  });
});
