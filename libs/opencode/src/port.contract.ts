import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMessageId } from './ids.js';
import type { OpencodePort } from './port.js';
import type { OpencodeEvent, OpencodeMessageWithParts } from './types.js';

/** One implementation of the port, with the faults the contract makes happen to it. */
export interface PortUnderTest {
  port: OpencodePort;
  /** A prompt whose reply does not finish by itself. */
  hangingPrompt: string;
  /**
   * A prompt whose reply asks the operator `question` (OpenCode's `question` tool) with these option
   * labels, and once answered finishes with the text `answered: <the labels chosen, joined by ", ">`.
   */
  questionPrompt(question: string, options: string[]): string;
  /** A prompt whose reply streams its text in several chunks, a little apart. */
  streamingPrompt: string;
  /** Kills OpenCode as a crash would, without warning; resolves once it is gone. */
  crash(): Promise<void>;
  /** Brings it back on the same address with the data it had; resolves once it serves. */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

// Well-formed ids OpenCode never made.
const UNKNOWN_SESSION = 'ses_0000000000000000000000000';
const UNKNOWN_PERMISSION = 'per_0000000000000000000000000';
const UNKNOWN_QUESTION = 'que_0000000000000000000000000';

export const texts = (message: OpencodeMessageWithParts | null | undefined): string[] =>
  (message?.parts ?? []).flatMap((part) => (part.type === 'text' ? [part.text] : []));

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // Quick first looks for the fake, which answers in a macrotask; 20 ms apart for a real server.
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, Math.min(20, 2 ** attempt)));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The (last) reply to `messageId` once it is finished and its session idle. */
export function finishedReply(port: OpencodePort, sessionId: string, messageId: string) {
  return waitFor(async () => {
    const { messages } = await port.messages(sessionId);
    const reply = messages.findLast((message) => message.info.role === 'assistant' && message.info.parentID === messageId);
    if (reply?.info.role !== 'assistant' || !reply.info.time.completed) return undefined;
    return (await port.sessionStatus())[sessionId] ? undefined : reply;
  }, `the reply to ${messageId}`);
}

/** The reply to `messageId` as soon as OpenCode has started writing it. */
export function startedReply(port: OpencodePort, sessionId: string, messageId: string) {
  return waitFor(async () => {
    const { messages } = await port.messages(sessionId);
    return messages.find((message) => message.info.role === 'assistant' && message.info.parentID === messageId);
  }, `a reply to ${messageId} to start`);
}

/** The question a session's reply is waiting on, once OpenCode lists it. */
export function pendingQuestion(port: OpencodePort, sessionId: string) {
  return waitFor(async () => (await port.listQuestions()).find((question) => question.sessionID === sessionId), 'a question');
}

/** An open event stream, once OpenCode has sent its first event. */
export async function openStream(port: OpencodePort) {
  const events: OpencodeEvent[] = [];
  const stop = new AbortController();
  const done = port.streamEvents((event) => events.push(event), stop.signal);
  // Handled by whoever awaits `done`; without this a rejection before then would count as unhandled.
  done.catch(() => undefined);
  await waitFor(async () => (events.length > 0 ? true : undefined), 'the first event');
  return {
    events,
    done,
    next: (match: (event: OpencodeEvent) => boolean, what: string) =>
      waitFor(async () => events.find(match), what),
    close: () => {
      stop.abort();
      return done;
    },
  };
}

/**
 * What the gateway relies on from OpenCode, run unchanged against every implementation of the port.
 * `setup` runs once for the suite; every test makes its own sessions.
 */
export function describePortContract(name: string, setup: () => Promise<PortUnderTest>): void {
  describe(`OpencodePort contract: ${name}`, { timeout: 20_000 }, () => {
    let subject: PortUnderTest;
    let port: OpencodePort;

    beforeAll(async () => {
      subject = await setup();
      port = subject.port;
    }, 60_000);

    afterAll(() => subject?.cleanup());

    it('creates, gets, lists newest first and deletes sessions', async () => {
      const older = await port.createSession({ title: 'contract: older' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const newer = await port.createSession({});
      expect(older).toMatchObject({ id: expect.stringMatching(/^ses_/), title: 'contract: older' });
      expect(newer.title).toMatch(/^New session - /);
      expect(await port.getSession(older.id)).toMatchObject({ id: older.id, title: 'contract: older' });
      const listed = (await port.listSessions()).map((session) => session.id);
      expect(listed.indexOf(newer.id)).toBeGreaterThanOrEqual(0);
      expect(listed.indexOf(newer.id)).toBeLessThan(listed.indexOf(older.id));

      await port.deleteSession(older.id);
      await expect(port.getSession(older.id)).rejects.toMatchObject({ code: 'NOT_FOUND', reached: 'yes' });
      expect((await port.listSessions()).map((session) => session.id)).not.toContain(older.id);
    });

    it('answers a prompt: the user message keeps the id it was sent with, the reply names it as parent', async () => {
      const session = await port.createSession({});
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: 'hello contract' });
      const reply = await finishedReply(port, session.id, messageId);
      expect(reply.info).toMatchObject({ role: 'assistant', parentID: messageId, finish: 'stop' });
      expect(texts(reply)).toEqual(['echo: hello contract']);
      const sent = await port.message(session.id, messageId);
      expect(sent?.info).toMatchObject({ id: messageId, role: 'user', sessionID: session.id });
      expect(texts(sent)).toEqual(['hello contract']);
    });

    it('has no message for an id it never stored', async () => {
      const session = await port.createSession({});
      expect(await port.message(session.id, newMessageId())).toBeNull();
    });

    it('pages messages oldest first with a cursor to the older ones', async () => {
      const session = await port.createSession({});
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: 'paged' });
      const reply = await finishedReply(port, session.id, messageId);
      const newest = await port.messages(session.id, { limit: 1 });
      expect(newest.messages.map((message) => message.info.id)).toEqual([reply.info.id]);
      expect(newest.olderCursor).toEqual(expect.any(String));
      const older = await port.messages(session.id, { limit: 1, before: newest.olderCursor! });
      expect(older).toMatchObject({ messages: [{ info: { id: messageId } }], olderCursor: null });
    });

    it('does not deduplicate: a resent message id adds its text to that message, and no second reply', async () => {
      const session = await port.createSession({});
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: 'once' });
      await finishedReply(port, session.id, messageId);
      const stream = await openStream(port);
      await port.promptAsync({ sessionId: session.id, messageId, text: 'twice' });
      await stream.next((event) => event.type === 'session.idle' && event.properties.sessionID === session.id, 'idle');
      await stream.close();
      const { messages } = await port.messages(session.id);
      expect(messages.map((message) => message.info.role)).toEqual(['user', 'assistant']);
      expect(texts(messages[0])).toEqual(['once', 'twice']);
    });

    it('answers ids it does not have: NOT_FOUND for sessions and permissions, true for an abort', async () => {
      const notFound = { code: 'NOT_FOUND', reached: 'yes' };
      await expect(port.getSession(UNKNOWN_SESSION)).rejects.toMatchObject(notFound);
      await expect(port.messages(UNKNOWN_SESSION)).rejects.toMatchObject(notFound);
      await expect(port.deleteSession(UNKNOWN_SESSION)).rejects.toMatchObject(notFound);
      await expect(
        port.promptAsync({ sessionId: UNKNOWN_SESSION, messageId: newMessageId(), text: 'lost' }),
      ).rejects.toMatchObject(notFound);
      await expect(port.replyPermission(UNKNOWN_PERMISSION, 'once')).rejects.toMatchObject(notFound);
      await expect(port.replyQuestion(UNKNOWN_QUESTION, [['yes']])).rejects.toMatchObject(notFound);
      await expect(port.rejectQuestion(UNKNOWN_QUESTION)).rejects.toMatchObject(notFound);
      expect(await port.abort(UNKNOWN_SESSION)).toBe(true);
    });

    it('streams events: server.connected first, then what happens', async () => {
      const stream = await openStream(port);
      expect(stream.events[0]?.type).toBe('server.connected');
      const session = await port.createSession({ title: 'contract: evented' });
      const created = (event: OpencodeEvent) => event.type === 'session.created' && event.properties.info.id === session.id;
      await stream.next(created, 'session.created');
      await expect(stream.close()).resolves.toBeUndefined();
    });

    it('asks the operator a question: listed with its options while the session waits; the answer finishes the reply', async () => {
      const stream = await openStream(port);
      const session = await port.createSession({});
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: subject.questionPrompt('Which colour?', ['Red', 'Blue']) });
      const asked = await pendingQuestion(port, session.id);
      expect(asked).toMatchObject({
        id: expect.stringMatching(/^que_/),
        questions: [{ question: 'Which colour?', options: [{ label: 'Red' }, { label: 'Blue' }] }],
        tool: { messageID: expect.stringMatching(/^msg_/), callID: expect.any(String) },
      });
      await stream.next((event) => event.type === 'question.asked' && event.properties.id === asked.id, 'question.asked');
      expect((await port.sessionStatus())[session.id]).toEqual({ type: 'busy' });

      await port.replyQuestion(asked.id, [['Blue']]);
      const reply = await finishedReply(port, session.id, messageId);
      expect(reply.info).toMatchObject({ finish: 'stop' });
      expect(texts(reply)).toEqual(['answered: Blue']);
      const replied = await stream.next(
        (event) => event.type === 'question.replied' && event.properties.requestID === asked.id,
        'question.replied',
      );
      expect(replied.properties).toEqual({ sessionID: session.id, requestID: asked.id, answers: [['Blue']] });
      expect((await port.listQuestions()).map((question) => question.id)).not.toContain(asked.id);
      // The question was a tool call of its own step, answered with the labels chosen.
      const { messages } = await port.messages(session.id);
      const call = messages.find((message) => message.info.id === asked.tool?.messageID);
      expect(call?.info).toMatchObject({ role: 'assistant', finish: 'tool-calls' });
      expect(call?.parts.find((part) => part.type === 'tool')).toMatchObject({
        tool: 'question',
        callID: asked.tool?.callID,
        state: { status: 'completed', metadata: { answers: [['Blue']] } },
      });
      await stream.close();
    });

    it('dismisses a rejected question: it is gone, its call fails and the turn ends there', async () => {
      const stream = await openStream(port);
      const session = await port.createSession({});
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: subject.questionPrompt('Go ahead?', ['Yes', 'No']) });
      const asked = await pendingQuestion(port, session.id);
      await port.rejectQuestion(asked.id);
      const reply = await finishedReply(port, session.id, messageId);
      expect(reply.info).toMatchObject({ id: asked.tool?.messageID, finish: 'tool-calls' });
      expect(reply.parts.find((part) => part.type === 'tool')).toMatchObject({
        tool: 'question',
        state: { status: 'error', error: 'The user dismissed this question' },
      });
      const rejected = await stream.next(
        (event) => event.type === 'question.rejected' && event.properties.requestID === asked.id,
        'question.rejected',
      );
      expect(rejected.properties).toEqual({ sessionID: session.id, requestID: asked.id });
      expect((await port.listQuestions()).map((question) => question.id)).not.toContain(asked.id);
      await expect(port.rejectQuestion(asked.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await stream.close();
    });

    it('streams a reply\'s text as deltas: an empty part, deltas that join into its text, the whole part, then completion', async () => {
      const stream = await openStream(port);
      const session = await port.createSession({});
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: subject.streamingPrompt });
      const reply = await finishedReply(port, session.id, messageId);
      const completed = (event: OpencodeEvent) =>
        event.type === 'message.updated' &&
        event.properties.info.id === reply.info.id &&
        event.properties.info.role === 'assistant' &&
        event.properties.info.time.completed !== undefined;
      await stream.next(completed, 'the reply completed');
      const part = reply.parts.find((candidate) => candidate.type === 'text');
      expect(part?.type).toBe('text');
      const deltas: string[] = [];
      const trace = stream.events.flatMap((event): string[] => {
        if (completed(event)) return ['completed'];
        if (event.type === 'message.part.updated' && event.properties.part.id === part?.id) {
          return [event.properties.part.type === 'text' && event.properties.part.text ? 'whole' : 'empty'];
        }
        if (event.type !== 'message.part.delta' || event.properties.partID !== part?.id) return [];
        expect(event.properties).toMatchObject({ sessionID: session.id, messageID: reply.info.id, field: 'text' });
        deltas.push(event.properties.delta);
        return ['delta'];
      });
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe(texts(reply).join(''));
      // Up to the completion: OpenCode may write the message again later.
      expect(trace.slice(0, trace.indexOf('completed') + 1)).toEqual(['empty', ...deltas.map(() => 'delta'), 'whole', 'completed']);
      await stream.close();
    });

    it('aborts a running reply: it ends as MessageAbortedError and the session goes idle', async () => {
      const session = await port.createSession({});
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: subject.hangingPrompt });
      await startedReply(port, session.id, messageId);
      expect((await port.sessionStatus())[session.id]).toEqual({ type: 'busy' });
      expect(await port.abort(session.id)).toBe(true);
      const reply = await finishedReply(port, session.id, messageId);
      expect(reply.info).toMatchObject({ error: { name: 'MessageAbortedError' } });
    });

    it('lists providers with their models and whether they are connected, and no key in any of it', async () => {
      const providers = await port.listProviders();
      for (const provider of providers) {
        expect(Object.keys(provider).sort()).toEqual(['connected', 'id', 'models', 'name']);
        for (const model of provider.models) expect(Object.keys(model).sort()).toEqual(['id', 'name']);
      }
      // Defined in config: connected whether a key is stored or not.
      expect(providers.find((provider) => provider.id === 'scripted')).toMatchObject({
        connected: true,
        models: [{ id: 'scripted-model', name: 'Scripted model' }],
      });
    });

    it('stores and removes keys; a reload aborts running replies and ends event streams, then serves again', async () => {
      const session = await port.createSession({});
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: subject.hangingPrompt });
      await startedReply(port, session.id, messageId);
      const stream = await openStream(port);

      // The scripted provider's key in config wins over a stored one, so the other tests' replies go on.
      await port.setProviderKey('scripted', 'contract-stored-key');
      await port.reload();
      await expect(stream.done).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      const reply = await finishedReply(port, session.id, messageId);
      expect(reply.info).toMatchObject({ error: { name: 'MessageAbortedError' } });

      await port.removeProviderKey('scripted');
      // Removing a key that is not stored is no error.
      await port.removeProviderKey('scripted');
      await port.reload();
      const after = await openStream(port);
      const next = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId: next, text: 'after the reload' });
      expect(texts(await finishedReply(port, session.id, next))).toEqual(['echo: after the reload']);
      await after.close();
    });

    it('after a crash refuses every call (reached no); after a restart serves what it had, the cut reply still open', async () => {
      const session = await port.createSession({});
      const answered = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId: answered, text: 'before the crash' });
      await finishedReply(port, session.id, answered);
      const cut = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId: cut, text: subject.hangingPrompt });
      await startedReply(port, session.id, cut);
      const stream = await openStream(port);

      await subject.crash();
      await expect(stream.done).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      const refused = { code: 'UPSTREAM_UNAVAILABLE', reached: 'no' };
      await expect(port.health()).rejects.toMatchObject(refused);
      await expect(port.listSessions()).rejects.toMatchObject(refused);
      await expect(port.sessionStatus()).rejects.toMatchObject(refused);
      await expect(port.message(session.id, answered)).rejects.toMatchObject(refused);
      const prompt = { sessionId: session.id, messageId: newMessageId(), text: 'lost' };
      await expect(port.promptAsync(prompt)).rejects.toMatchObject(refused);
      await expect(port.streamEvents(() => undefined, new AbortController().signal)).rejects.toMatchObject(refused);

      await subject.restart();
      expect(await port.health()).toMatchObject({ healthy: true });
      expect(await port.getSession(session.id)).toMatchObject({ id: session.id });
      const { messages } = await port.messages(session.id);
      expect(messages.map((message) => texts(message).join(''))).toEqual([
        'before the crash',
        'echo: before the crash',
        subject.hangingPrompt,
        '',
      ]);
      const open = messages[3]!.info;
      expect(open).toMatchObject({ role: 'assistant', parentID: cut });
      expect(open).not.toHaveProperty('time.completed');
      expect(open).not.toHaveProperty('error');
      expect((await port.sessionStatus())[session.id]).toBeUndefined();
    });
  });
}
