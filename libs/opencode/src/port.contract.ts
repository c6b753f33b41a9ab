import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMessageId } from './ids.js';
import type { OpencodePort } from './port.js';
import type { OpencodeEvent, OpencodeMessageWithParts } from './types.js';

/** One implementation of the port, with the faults the contract makes happen to it. */
export interface PortUnderTest {
  port: OpencodePort;
  /** A prompt whose reply does not finish by itself. */
  hangingPrompt: string;
  /** Kills OpenCode as a crash would, without warning; resolves once it is gone. */
  crash(): Promise<void>;
  /** Brings it back on the same address with the data it had; resolves once it serves. */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

// Well-formed ids OpenCode never made.
const UNKNOWN_SESSION = 'ses_0000000000000000000000000';
const UNKNOWN_PERMISSION = 'per_0000000000000000000000000';

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
