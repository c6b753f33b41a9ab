import { describe, expect, it } from 'vitest';
import { OpencodeError } from './errors.js';
import { createFakeOpencode, type FakeEdit, type FakeReply } from './fake.js';
import { newMessageId } from './ids.js';
import type { OpencodeTodo } from './types.js';
import { describePortContract, finishedReply, openStream, startedReply, texts, waitFor } from './port.contract.js';

const HANG = 'this reply never finishes';
const STREAMING = 'this reply streams';
// The testkit's marker, so the contract reads the same against the real server.
const QUESTION = /\[\[question:([^|\]]+)((?:\|[^|\]]*)*)\]\]/;
const TODO = /\[\[todo:([^\]]+)\]\]/;
const WRITE = /\[\[write:(\S+) ([^\]]*)\]\]/;

/** The testkit's `[[todo:<status>/<priority> <content>|…]]`. */
const todoMarker = (todos: OpencodeTodo[]) => `[[todo:${todos.map((todo) => `${todo.status}/${todo.priority} ${todo.content}`).join('|')}]]`;
const writeMarker = (file: string, content: string) => `[[write:${file} ${content.replaceAll('\n', '\\n')}]]`;

/** A new file's diff as OpenCode words it. */
function addedFile(file: string, content: string): FakeEdit {
  const lines = content.split('\n');
  const patch = [`Index: ${file}`, '='.repeat(67), `--- ${file}\t`, `+++ ${file}\t`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`), ''].join('\n');
  return { file, patch, additions: lines.length, deletions: 0, status: 'added' };
}

function contractReply(text: string): FakeReply | undefined {
  if (text === HANG) return { hang: true };
  if (text === STREAMING) return { chunks: 4, delayMs: 20 };
  const todos = TODO.exec(text)?.[1];
  if (todos) {
    return { todos: todos.split('|').map((item) => {
      const [, status = '', priority = '', content = ''] = /^([a-z_]+)\/([a-z]+) (.+)$/.exec(item) ?? [];
      return { content, status, priority };
    }) };
  }
  const write = WRITE.exec(text);
  if (write?.[1]) return { edits: [addedFile(write[1], (write[2] ?? '').replaceAll('\\n', '\n'))] };
  const asked = QUESTION.exec(text);
  if (!asked?.[1]) return undefined;
  const options = (asked[2] ?? '').split('|').slice(1).map((label) => ({ label }));
  return { question: { question: asked[1], options } };
}

describePortContract('in-memory fake', async () => {
  const fake = createFakeOpencode({ onPrompt: contractReply });
  return {
    port: fake,
    hangingPrompt: HANG,
    questionPrompt: (question, options) => `[[question:${[question, ...options].join('|')}]]`,
    streamingPrompt: STREAMING,
    todoPrompt: todoMarker,
    writePrompt: writeMarker,
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

describe('the fake\'s streaming and questions', () => {
  it('streams reasoning, then text, as OpenCode does: each part empty, its deltas, then whole; the message completes last', async () => {
    const { fake, sessionId } = await withSession({
      onPrompt: () => ({ reasoning: 'Let me think.', text: 'Hello there friend', chunks: 3, delayMs: 30 }),
    });
    const stream = await openStream(fake);
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId, messageId, text: 'hi' });
    const started = await startedReply(fake, sessionId, messageId);
    const reply = await finishedReply(fake, sessionId, messageId);
    await stream.next((event) => event.type === 'session.idle', 'idle');
    const trace = stream.events.flatMap((event): string[] => {
      if (event.type === 'message.part.updated' && (event.properties.part.type === 'text' || event.properties.part.type === 'reasoning')) {
        return event.properties.part.messageID === reply.info.id ? [`${event.properties.part.type}:${event.properties.part.text}`] : [];
      }
      if (event.type === 'message.part.delta') return [`delta ${event.properties.field}:${event.properties.delta}`];
      if (event.type === 'message.updated' && event.properties.info.id === reply.info.id) {
        const info = event.properties.info;
        return [`message${info.role === 'assistant' && info.finish ? ` ${info.finish}` : ''}${'completed' in info.time && info.time.completed ? ' completed' : ''}`];
      }
      return [];
    });
    expect(trace).toEqual([
      'message',
      'reasoning:',
      'delta text:Let m',
      'delta text:e thi',
      'delta text:nk.',
      'reasoning:Let me think.',
      'text:',
      'delta text:Hello ',
      'delta text:there ',
      'delta text:friend',
      'text:Hello there friend',
      'message stop',
      'message stop completed',
    ]);
    expect(started.parts.filter((part) => part.type === 'text').map((part) => part.type === 'text' && part.text)).toEqual([]);
    expect(reply.parts.map((part) => part.type)).toEqual(['step-start', 'reasoning', 'text', 'step-finish']);
    expect(reply.parts[2]).toMatchObject({ text: 'Hello there friend', time: { start: expect.any(Number), end: expect.any(Number) } });
    await stream.close();
  });

  it('keeps a reply\'s text empty while it streams, and what had streamed when it is aborted', async () => {
    const { fake, sessionId } = await withSession({ onPrompt: () => ({ text: 'one two three four', chunks: 4, delayMs: 400 }) });
    const stream = await openStream(fake);
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId, messageId, text: 'slowly' });
    await stream.next((event) => event.type === 'message.part.delta', 'the first delta');
    const open = await startedReply(fake, sessionId, messageId);
    expect(texts(open)).toEqual(['']);
    await fake.abort(sessionId);
    const aborted = await finishedReply(fake, sessionId, messageId);
    expect(aborted.info).toMatchObject({ error: { name: 'MessageAbortedError' } });
    const sent = stream.events.flatMap((event) => (event.type === 'message.part.delta' ? [event.properties.delta] : []));
    expect(texts(aborted)).toEqual([sent.join('')]);
    expect(sent.join('')).not.toBe('one two three four');
    await stream.close();
  });

  it('asks a question after a bash command, and answers with every label chosen', async () => {
    const { fake, sessionId } = await withSession({
      onPrompt: () => ({ bash: 'ls', question: { question: 'Which ones?', options: [{ label: 'A' }, { label: 'B' }], multiple: true } }),
    });
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId, messageId, text: 'go' });
    const permission = await waitFor(async () => (await fake.listPermissions())[0], 'the permission');
    expect(await fake.listQuestions()).toEqual([]);
    await fake.replyPermission(permission.id, 'once');
    const question = await waitFor(async () => (await fake.listQuestions())[0], 'the question');
    expect(question.questions).toEqual([
      { question: 'Which ones?', header: 'Which ones?', options: [{ label: 'A', description: '' }, { label: 'B', description: '' }], multiple: true },
    ]);
    await fake.replyQuestion(question.id, [['A', 'B']]);
    expect(texts(await finishedReply(fake, sessionId, messageId))).toEqual(['answered: A, B']);
    const { messages } = await fake.messages(sessionId);
    expect(messages.map((message) => message.info.role === 'assistant' && message.info.finish)).toEqual([false, 'tool-calls', 'tool-calls', 'stop']);
    expect(messages[2]?.parts[1]).toMatchObject({
      tool: 'question',
      state: {
        status: 'completed',
        title: 'Asked 1 question',
        output: 'User has answered your questions: "Which ones?"="A, B". You can now continue with the user\'s answers in mind.',
      },
    });
  });

  it('leaves a question listed when its turn is aborted, as OpenCode does; answering it then changes nothing', async () => {
    const { fake, sessionId } = await withSession({ onPrompt: () => ({ question: { question: 'Sure?', options: [{ label: 'Yes' }] } }) });
    const messageId = newMessageId();
    await fake.promptAsync({ sessionId, messageId, text: 'ask me' });
    const question = await waitFor(async () => (await fake.listQuestions())[0], 'the question');
    await fake.abort(sessionId);
    const aborted = await finishedReply(fake, sessionId, messageId);
    expect(aborted.parts[1]).toMatchObject({ tool: 'question', state: { status: 'error', error: 'Tool execution aborted' } });
    expect((await fake.listQuestions()).map((pending) => pending.id)).toEqual([question.id]);
    await fake.rejectQuestion(question.id);
    expect(await fake.listQuestions()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await fake.messages(sessionId)).messages).toHaveLength(2);
    await expect(fake.replyQuestion('not-a-question', [])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('forgets pending questions in a crash', async () => {
    const { fake, sessionId } = await withSession({ onPrompt: () => ({ question: { question: 'Sure?', options: [] } }) });
    await fake.promptAsync({ sessionId, messageId: newMessageId(), text: 'ask me' });
    await waitFor(async () => (await fake.listQuestions())[0], 'the question');
    fake.crash();
    await expect(fake.listQuestions()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reached: 'no' });
    fake.restart();
    expect(await fake.listQuestions()).toEqual([]);
  });
});
