import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMessageId } from './ids.js';
import type { OpencodePort } from './port.js';
import type { OpencodeEvent, OpencodeMessageWithParts, OpencodeTodo } from './types.js';

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
  /** A prompt whose reply first writes this todo list with OpenCode's `todowrite` tool. */
  todoPrompt(todos: OpencodeTodo[]): string;
  /** A prompt whose reply first writes a new file (workspace-relative path, one word) with OpenCode's `write` tool. */
  writePrompt(file: string, content: string): string;
  /** Kills OpenCode as a crash would, without warning; resolves once it is gone. */
  crash(): Promise<void>;
  /** Brings it back on the same address with the data it had; resolves once it serves. */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A 1×1 PNG. */
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

// Well-formed ids OpenCode never made.
const UNKNOWN_SESSION = 'ses_0000000000000000000000000';
const UNKNOWN_PERMISSION = 'per_0000000000000000000000000';
const UNKNOWN_QUESTION = 'que_0000000000000000000000000';

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

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

    it('takes files with a prompt: a text file is read into synthetic text parts before its file part, an image stays a file part', async () => {
      const session = await port.createSession({});
      const messageId = newMessageId();
      const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;
      const image = dataUrl('image/png', Buffer.from(ONE_PIXEL_PNG, 'base64'));
      await port.promptAsync({
        sessionId: session.id,
        messageId,
        text: 'with files',
        files: [
          { mime: 'text/plain', filename: 'notes.txt', url: dataUrl('text/plain', Buffer.from('first line\nsecond line')) },
          { mime: 'image/png', filename: 'dot.png', url: image },
        ],
      });
      await finishedReply(port, session.id, messageId);
      const sent = await port.message(session.id, messageId);
      expect(sent?.parts.map((part) => (part.type === 'text' ? { text: part.text, synthetic: part.synthetic ?? false } : part.type === 'file' ? { file: part.filename, mime: part.mime } : part.type))).toEqual([
        { text: 'with files', synthetic: false },
        { text: 'Called the Read tool with the following input: {"filePath":"notes.txt"}', synthetic: true },
        { text: 'first line\nsecond line', synthetic: true },
        { file: 'notes.txt', mime: 'text/plain' },
        { file: 'dot.png', mime: 'image/png' },
      ]);
      expect(sent?.parts.find((part) => part.type === 'file' && part.mime === 'image/png')).toMatchObject({ url: image });
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

    it('keeps the todo list the agent writes: listed by todos and announced by todo.updated; NOT_FOUND for an unknown session', async () => {
      const stream = await openStream(port);
      const session = await port.createSession({});
      expect(await port.todos(session.id)).toEqual([]);
      const todos = [
        { content: 'Write the tests', status: 'in_progress', priority: 'high' },
        { content: 'Ship it', status: 'pending', priority: 'medium' },
      ];
      const messageId = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId, text: subject.todoPrompt(todos) });
      await finishedReply(port, session.id, messageId);
      expect(await port.todos(session.id)).toEqual(todos);
      const event = await stream.next((e) => e.type === 'todo.updated' && e.properties.sessionID === session.id, 'todo.updated');
      expect(event.properties).toEqual({ sessionID: session.id, todos });
      await stream.close();
      await expect(port.todos(UNKNOWN_SESSION)).rejects.toMatchObject({ code: 'NOT_FOUND', reached: 'yes' });
    });

    it("records a turn's file changes in its user message's summary; revert marks the session reverted to before a message, unrevert clears it", async () => {
      const session = await port.createSession({});
      const first = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId: first, text: 'nothing written' });
      await finishedReply(port, session.id, first);
      const file = `contract-${session.id.slice(-8)}.txt`;
      const writing = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId: writing, text: subject.writePrompt(file, 'hello\nworld') });
      await finishedReply(port, session.id, writing);

      const summaryOf = async (messageId: string) => {
        const info = (await port.message(session.id, messageId))?.info;
        return info?.role === 'user' ? info.summary?.diffs : undefined;
      };
      expect(await summaryOf(first)).toEqual([]);
      const [diff, ...others] = (await summaryOf(writing)) ?? [];
      expect(others).toEqual([]);
      expect(diff).toMatchObject({ file, additions: 2, deletions: 0, status: 'added' });
      expect(diff?.patch).toContain('+hello');

      // A message the session lacks changes nothing.
      expect((await port.revert(session.id, newMessageId())).revert).toBeUndefined();
      const reverted = await port.revert(session.id, writing);
      expect(reverted.revert).toMatchObject({ messageID: writing });
      expect((await port.getSession(session.id)).revert).toMatchObject({ messageID: writing });
      expect((await port.unrevert(session.id)).revert).toBeUndefined();
      await expect(port.revert(UNKNOWN_SESSION, writing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses a revert while the session is busy (409); the next prompt after a revert removes the reverted messages', async () => {
      const session = await port.createSession({});
      const first = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId: first, text: 'one' });
      await finishedReply(port, session.id, first);
      const hanging = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId: hanging, text: subject.hangingPrompt });
      await startedReply(port, session.id, hanging);
      await expect(port.revert(session.id, first)).rejects.toMatchObject({ status: 409 });
      await expect(port.unrevert(session.id)).rejects.toMatchObject({ status: 409 });
      await port.abort(session.id);
      await finishedReply(port, session.id, hanging);

      await port.revert(session.id, hanging);
      const next = newMessageId();
      await port.promptAsync({ sessionId: session.id, messageId: next, text: 'after the revert' });
      await finishedReply(port, session.id, next);
      const ids = (await port.messages(session.id)).messages.map((message) => message.info.id);
      expect(ids).toContain(first);
      expect(ids).not.toContain(hanging);
      expect((await port.getSession(session.id)).revert).toBeUndefined();
    });

    it('lists providers with their models and whether they are connected, and no key in any of it', async () => {
      const providers = await port.listProviders();
      for (const provider of providers) {
        expect(Object.keys(provider).sort()).toEqual(['connected', 'id', 'models', 'name']);
        for (const model of provider.models) expect(Object.keys(model).sort()).toEqual(['id', 'name']);
      }
      // Defined in config: connected whether a key is stored or not.
      const scripted = providers.find((provider) => provider.id === 'scripted');
      expect(scripted).toMatchObject({ connected: true });
      // Which of its models OpenCode calls the provider's default is its own pick.
      expect(scripted?.models.toSorted(byId)).toEqual([
        { id: 'scripted-model', name: 'Scripted model' },
        { id: 'scripted-vision', name: 'Scripted vision' },
      ]);
    });

    it("lists the connected providers' models with their context window, price and inputs, and no key", async () => {
      const models = await port.listModels();
      for (const model of models) {
        expect(Object.keys(model).sort()).toEqual(['contextWindow', 'inputCostPerMTok', 'inputs', 'modelId', 'name', 'outputCostPerMTok', 'providerId']);
      }
      const scripted = models.filter((model) => model.providerId === 'scripted').toSorted((a, b) => a.modelId.localeCompare(b.modelId));
      expect(scripted).toEqual([
        { providerId: 'scripted', modelId: 'scripted-model', name: 'Scripted model', contextWindow: null, inputCostPerMTok: 0, outputCostPerMTok: 0, inputs: ['text'] },
        {
          providerId: 'scripted',
          modelId: 'scripted-vision',
          name: 'Scripted vision',
          contextWindow: 200_000,
          inputCostPerMTok: 3,
          outputCostPerMTok: 15,
          inputs: ['text', 'image', 'pdf'],
        },
      ]);
    });

    it("names the config's model as the default a prompt without one uses", async () => {
      expect(await port.defaultModel()).toBe('scripted/scripted-model');
    });

    it('lists the agents a prompt can name, with their mode, and none of the hidden ones', async () => {
      const agents = await port.listAgents();
      expect(agents.find((agent) => agent.name === 'build')).toMatchObject({ mode: 'primary', description: expect.any(String) });
      expect(agents.find((agent) => agent.name === 'plan')).toMatchObject({ mode: 'primary' });
      expect(agents.find((agent) => agent.name === 'general')).toMatchObject({ mode: 'subagent' });
      expect(agents.map((agent) => agent.name)).not.toContain('title');
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
