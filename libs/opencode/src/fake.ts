import { callSignal, cutShort } from './deadline.js';
import { OpencodeError, fromStatus, fromThrown } from './errors.js';
import { createEventHub, type FakeEventOrder } from './fake-events.js';
import { createPromptLoop, type FakeQuestion, type FakeReply, type FakeReplyScript, type FakeSession } from './fake-loop.js';
import { FAKE_OPENCODE_VERSION, eventOf, sessionRecord, type StoredMessage } from './fake-records.js';
import type { OpencodePort } from './port.js';
import type { OpencodeAgent, OpencodeEvent, OpencodePermission, OpencodeProviderModel, OpencodeQuestion } from './types.js';

export type { FakeEventOrder, FakeQuestion, FakeReply, FakeReplyScript };
export type { FakeEdit } from './fake-tools.js';

export interface FakeOpencodeOptions {
  /** Default 0: replies finish on the next macrotask. */
  replyDelayMs?: number;
  /** Scripts the replies; by default each is `echo: <text>` after `replyDelayMs`. */
  onPrompt?: FakeReplyScript;
  /** How long a stalled call waits before it times out, like the adapter's. Default 10 s. */
  timeoutMs?: number;
  /** Every session's directory. Default `/workspace`. */
  directory?: string;
  eventOrder?: FakeEventOrder;
  /** The providers `listProviders` knows. Default: `FAKE_PROVIDERS`. */
  providers?: FakeProvider[];
  /** The agents `listAgents` lists. Default: `FAKE_AGENTS`. */
  agents?: OpencodeAgent[];
  /** The config's `model` that `defaultModel` names. Default `scripted/scripted-model`, as the testkit's config has it; null: none. */
  defaultModel?: string | null;
}

export interface FakeProvider {
  id: string;
  name: string;
  /** Default model first. */
  models: FakeModel[];
  /** Defined in OpenCode's config: connected whether a key is stored or not, as OpenCode counts it. */
  configured?: boolean;
}

/** What `listModels` says of a model beyond its name: no limit, free and text only unless given. */
export interface FakeModel extends OpencodeProviderModel {
  contextWindow?: number;
  cost?: { input: number; output: number };
  inputs?: string[];
}

export const FAKE_PROVIDERS: readonly FakeProvider[] = [
  { id: 'anthropic', name: 'Anthropic', models: [{ id: 'claude-sonnet-4-5', name: 'Claude Sonnet 4.5' }, { id: 'claude-haiku-4-5', name: 'Claude Haiku 4.5' }] },
  { id: 'openai', name: 'OpenAI', models: [{ id: 'gpt-5', name: 'GPT-5' }] },
  {
    id: 'scripted',
    name: 'Scripted (fake)',
    // As the testkit's config has them.
    models: [
      { id: 'scripted-model', name: 'Scripted model' },
      { id: 'scripted-vision', name: 'Scripted vision', contextWindow: 200_000, cost: { input: 3, output: 15 }, inputs: ['text', 'image', 'pdf'] },
    ],
    configured: true,
  },
];

/** OpenCode 1.18.33's own agents, its hidden ones left out as `listAgents` leaves them. */
export const FAKE_AGENTS: readonly OpencodeAgent[] = [
  { name: 'build', description: 'The default agent. Executes tools based on configured permissions.', mode: 'primary' },
  { name: 'explore', description: 'Fast agent specialized for exploring codebases.', mode: 'subagent' },
  { name: 'general', description: 'General-purpose agent for researching complex questions and executing multi-step tasks.', mode: 'subagent' },
  { name: 'plan', description: 'Plan mode. Disallows all edit tools.', mode: 'primary' },
];

/** An in-memory OpenCode that tests can crash, stall and corrupt. */
export interface FakeOpencode extends OpencodePort {
  /** Every call that reached OpenCode, by the adapter's `onCall` names; clear it with `calls.length = 0`. */
  readonly calls: string[];
  /**
   * Dies like a killed `opencode serve`: later calls are refused (reached `no`), calls in flight and
   * open streams are cut off (reached `maybe`). What it had written stays; what it held in memory goes:
   * a reply being written stays an open message, every session is idle, pending permissions and questions are gone.
   */
  crash(): void;
  /** Serves again, with the data it kept. Ends a stall. */
  restart(): void;
  /** Every later call (health and event streams included) waits `ms` before OpenCode gets to it; 0 ends it. */
  stall(ms: number): void;
  /** The message keeps its id and info but loses its text, as a kill soon after a prompt can leave it. */
  dropTextOf(messageId: string): void;
  /** Delivers any event to every open stream. */
  emit(event: OpencodeEvent): void;
  setEventOrder(order: FakeEventOrder): void;
  scriptReplies(script: FakeReplyScript | undefined): void;
  /** The key stored for a provider, as a test checks it arrived. */
  storedKey(providerId: string): string | undefined;
}

/** A request a stalled OpenCode has received and not yet got to. */
interface HeldRequest {
  answer(): void;
  drop(): void;
}

// The fetch failures the adapter sees, so the fake's errors are the adapter's own.
const REFUSED = { cause: { code: 'ECONNREFUSED' } };
const CUT_OFF = { cause: { code: 'UND_ERR_SOCKET' } };

export function createFakeOpencode(options: FakeOpencodeOptions = {}): FakeOpencode {
  const directory = options.directory ?? '/workspace';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const replyDelayMs = options.replyDelayMs ?? 0;
  let script = options.onPrompt;
  const calls: string[] = [];
  const sessions = new Map<string, FakeSession>();
  const permissions = new Map<string, OpencodePermission>();
  const questions = new Map<string, OpencodeQuestion>();
  const events = createEventHub(options.eventOrder ?? 'normal');
  const publish = events.publish;
  const held = new Set<HeldRequest>();
  const timers = new Set<NodeJS.Timeout>();
  let down = false;
  let stallMs = 0;
  const providers = options.providers ?? FAKE_PROVIDERS;
  const agents = options.agents ?? FAKE_AGENTS;
  const defaultModel = options.defaultModel === undefined ? 'scripted/scripted-model' : options.defaultModel;
  const storedKeys = new Map<string, string>();
  // OpenCode reads stored keys when it loads its providers: at start and at each reload.
  let loadedKeys = new Set<string>();

  // ── Transport: refusals, stalls, deadlines ──

  function later(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    return timer;
  }

  function cancel(timer: NodeJS.Timeout | undefined): void {
    clearTimeout(timer);
    if (timer) timers.delete(timer);
  }

  /** Gets to a request after the stall, unless a crash drops it first. */
  function hold(answer: () => void, drop: () => void): void {
    const request: HeldRequest = {
      answer: () => {
        held.delete(request);
        cancel(timer);
        answer();
      },
      drop: () => {
        held.delete(request);
        cancel(timer);
        drop();
      },
    };
    const timer = later(stallMs, request.answer);
    held.add(request);
  }

  const settle = <T>(run: () => T) => new Promise<T>((resolve) => resolve(run()));

  function serve<T>(name: string, caller: AbortSignal | undefined, run: () => T): Promise<T> {
    if (caller?.aborted) return Promise.reject(cutShort(name, caller, false));
    if (down) return Promise.reject(fromThrown(name, REFUSED, false));
    calls.push(name);
    if (stallMs === 0) return settle(run);
    return new Promise<T>((resolve, reject) => {
      const signal = callSignal(timeoutMs, caller);
      const giveUp = () => reject(cutShort(name, caller, true));
      signal.addEventListener('abort', giveUp, { once: true });
      // A stalled OpenCode still does the work late, after the caller has given up: that is the `maybe`.
      hold(
        () => {
          signal.removeEventListener('abort', giveUp);
          settle(run).then(resolve, reject);
        },
        () => {
          signal.removeEventListener('abort', giveUp);
          reject(fromThrown(name, CUT_OFF, false));
        },
      );
    });
  }

  // ── OpenCode's behaviour ──

  function isConnected(provider: FakeProvider): boolean {
    return provider.configured === true || loadedKeys.has(provider.id);
  }

  const loop = createPromptLoop({
    directory,
    replyDelayMs,
    script: () => script,
    permissions,
    questions,
    publish,
    later,
    cancel,
  });

  function sessionOrNull(call: string, sessionId: string): FakeSession | undefined {
    // OpenCode answers an id without its prefix with a 500, not a 404.
    if (!sessionId.startsWith('ses')) throw fromStatus(call, 500);
    return sessions.get(sessionId);
  }

  function sessionFor(call: string, sessionId: string): FakeSession {
    const session = sessionOrNull(call, sessionId);
    if (!session) throw fromStatus(call, 404);
    return session;
  }

  function findMessage(messageId: string): StoredMessage | undefined {
    for (const session of sessions.values()) {
      const found = session.messages.find((message) => message.info.id === messageId);
      if (found) return found;
    }
    return undefined;
  }

  /** A pending question, removed as OpenCode does once it is answered either way. */
  function takeQuestion(call: string, questionId: string): OpencodeQuestion {
    // OpenCode checks the prefix (400) before it looks the question up (404).
    if (!questionId.startsWith('que')) throw fromStatus(call, 400);
    const question = questions.get(questionId);
    if (!question) throw fromStatus(call, 404);
    questions.delete(questionId);
    return question;
  }

  const encodeCursor = (messageId: string) => Buffer.from(JSON.stringify({ id: messageId })).toString('base64url');

  function decodeCursor(cursor: string): string {
    try {
      const { id } = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { id?: unknown };
      if (typeof id === 'string') return id;
    } catch {
      // Falls through to OpenCode's answer to a cursor it did not make.
    }
    throw fromStatus('session.messages', 400);
  }

  return {
    calls,

    health({ signal } = {}) {
      const started = performance.now();
      return serve('global.health', signal, () => ({
        healthy: true,
        version: FAKE_OPENCODE_VERSION,
        latencyMs: performance.now() - started,
      }));
    },

    listSessions() {
      return serve('session.list', undefined, () =>
        [...sessions.values()]
          .map((session) => structuredClone(session.info))
          .sort((a, b) => b.time.updated - a.time.updated || (a.id < b.id ? -1 : 1)),
      );
    },

    getSession(sessionId, { signal } = {}) {
      return serve('session.get', signal, () => structuredClone(sessionFor('session.get', sessionId).info));
    },

    createSession(input) {
      return serve('session.create', undefined, () => {
        const info = sessionRecord(input.title, directory);
        sessions.set(info.id, { info, messages: [] });
        publish(eventOf('session.created', { sessionID: info.id, info }));
        return structuredClone(info);
      });
    },

    deleteSession(sessionId) {
      return serve('session.delete', undefined, () => {
        const session = sessionFor('session.delete', sessionId);
        loop.drop(session);
        sessions.delete(sessionId);
        publish(eventOf('session.deleted', { sessionID: sessionId, info: session.info }));
      });
    },

    sessionStatus({ signal } = {}) {
      return serve('session.status', signal, () =>
        Object.fromEntries(
          [...sessions.values()].filter((session) => session.turn).map((session) => [session.info.id, { type: 'busy' as const }]),
        ),
      );
    },

    messages(sessionId, page = {}, { signal } = {}) {
      return serve('session.messages', signal, () => {
        const all = sessionFor('session.messages', sessionId).messages;
        const before = page.before === undefined ? undefined : decodeCursor(page.before);
        const older = before === undefined ? all : all.filter((message) => message.info.id < before);
        const messages = page.limit ? older.slice(-page.limit) : older;
        const first = messages[0];
        const olderCursor = first && messages.length < older.length ? encodeCursor(first.info.id) : null;
        return { messages: structuredClone(messages), olderCursor };
      });
    },

    message(sessionId, messageId, { signal } = {}) {
      return serve('session.message', signal, () => {
        const found = sessionOrNull('session.message', sessionId)?.messages.find((message) => message.info.id === messageId);
        return found ? structuredClone(found) : null;
      });
    },

    promptAsync(input, { signal } = {}) {
      return serve('session.prompt_async', signal, () => {
        const session = sessionFor('session.prompt_async', input.sessionId);
        if (!input.messageId.startsWith('msg')) throw fromStatus('session.prompt_async', 400);
        later(0, () => {
          if (sessions.get(input.sessionId) === session) loop.accept(session, input);
        });
      });
    },

    abort(sessionId) {
      // OpenCode answers true for any session, even one it does not have.
      return serve('session.abort', undefined, () => {
        const session = sessions.get(sessionId);
        if (session) loop.abort(session);
        return true;
      });
    },

    listPermissions() {
      return serve('permission.list', undefined, () => structuredClone([...permissions.values()]));
    },

    replyPermission(permissionId, reply) {
      return serve('permission.reply', undefined, () => {
        if (!permissionId.startsWith('per')) throw fromStatus('permission.reply', 400);
        const permission = permissions.get(permissionId);
        if (!permission) throw fromStatus('permission.reply', 404);
        permissions.delete(permissionId);
        publish(eventOf('permission.replied', { sessionID: permission.sessionID, requestID: permissionId, reply }));
        const session = sessions.get(permission.sessionID);
        if (session) loop.answerPermission(session, permission, reply !== 'reject');
      });
    },

    listQuestions({ signal } = {}) {
      return serve('question.list', signal, () => structuredClone([...questions.values()]));
    },

    replyQuestion(questionId, answers) {
      return serve('question.reply', undefined, () => {
        const question = takeQuestion('question.reply', questionId);
        publish(eventOf('question.replied', { sessionID: question.sessionID, requestID: questionId, answers }));
        const session = sessions.get(question.sessionID);
        if (session) loop.answerQuestion(session, question, structuredClone(answers));
      });
    },

    rejectQuestion(questionId) {
      return serve('question.reject', undefined, () => {
        const question = takeQuestion('question.reject', questionId);
        publish(eventOf('question.rejected', { sessionID: question.sessionID, requestID: questionId }));
        const session = sessions.get(question.sessionID);
        if (session) loop.answerQuestion(session, question, undefined);
      });
    },

    listProviders({ signal } = {}) {
      return serve('provider.list', signal, () =>
        providers.map((provider) => ({
          id: provider.id,
          name: provider.name,
          connected: isConnected(provider),
          models: provider.models.map(({ id, name }) => ({ id, name })),
        })),
      );
    },

    listModels({ signal } = {}) {
      return serve('config.providers', signal, () =>
        providers.filter(isConnected).flatMap((provider) =>
          provider.models.map((model) => ({
            providerId: provider.id,
            modelId: model.id,
            name: model.name,
            contextWindow: model.contextWindow ?? null,
            inputCostPerMTok: model.cost?.input ?? 0,
            outputCostPerMTok: model.cost?.output ?? 0,
            inputs: [...(model.inputs ?? ['text'])],
          })),
        ),
      );
    },

    listAgents({ signal } = {}) {
      return serve('app.agents', signal, () => structuredClone([...agents]));
    },

    defaultModel({ signal } = {}) {
      return serve('config.get', signal, () => defaultModel);
    },

    todos(sessionId, { signal } = {}) {
      return serve('session.todo', signal, () => structuredClone(sessionFor('session.todo', sessionId).todos ?? []));
    },

    revert(sessionId, messageId) {
      return serve('session.revert', undefined, () => {
        const session = sessionFor('session.revert', sessionId);
        if (session.turn) throw fromStatus('session.revert', 409);
        // OpenCode answers a message id it does not have with the session unchanged.
        if (session.messages.some((message) => message.info.id === messageId)) {
          session.info.revert = { messageID: messageId };
          publish(eventOf('session.updated', { sessionID: sessionId, info: session.info }));
        }
        return structuredClone(session.info);
      });
    },

    unrevert(sessionId) {
      return serve('session.unrevert', undefined, () => {
        const session = sessionFor('session.unrevert', sessionId);
        if (session.turn) throw fromStatus('session.unrevert', 409);
        if (session.info.revert) {
          delete session.info.revert;
          publish(eventOf('session.updated', { sessionID: sessionId, info: session.info }));
        }
        return structuredClone(session.info);
      });
    },

    // OpenCode stores a key for any id, even an empty one.
    setProviderKey(providerId, key) {
      return serve('auth.set', undefined, () => {
        storedKeys.set(providerId, key);
      });
    },

    removeProviderKey(providerId) {
      return serve('auth.remove', undefined, () => {
        storedKeys.delete(providerId);
      });
    },

    reload() {
      return serve('global.dispose', undefined, () => {
        loadedKeys = new Set(storedKeys.keys());
        for (const session of sessions.values()) loop.abort(session);
        publish(eventOf('server.instance.disposed', { directory }));
        // As OpenCode does: the events above still arrive, then the streams end.
        events.endAfterDelivery(new OpencodeError('UPSTREAM_UNAVAILABLE', 'OpenCode ended its event stream'));
      });
    },

    streamEvents(onEvent, signal, { connectTimeoutMs = 5_000 } = {}) {
      if (signal.aborted) return Promise.resolve();
      if (down) return Promise.reject(fromThrown('event.subscribe', REFUSED, false));
      calls.push('event.subscribe');
      const stream = events.open(onEvent, signal);
      if (stallMs === 0) {
        stream.connect();
        return stream.done;
      }
      // Silent while stalled, so the connect watchdog gives up as the adapter's does.
      const watchdog = setTimeout(() => stream.close(fromThrown('event.subscribe', undefined, true)), connectTimeoutMs);
      const clear = () => clearTimeout(watchdog);
      stream.done.then(clear, clear);
      hold(
        () => {
          clear();
          stream.connect();
        },
        () => stream.close(fromThrown('event.subscribe', CUT_OFF, false)),
      );
      return stream.done;
    },

    crash() {
      down = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const request of [...held]) request.drop();
      events.closeAll(fromThrown('event.subscribe', CUT_OFF, false));
      for (const session of sessions.values()) loop.drop(session);
      permissions.clear();
      questions.clear();
    },

    restart() {
      down = false;
      stallMs = 0;
      loadedKeys = new Set(storedKeys.keys());
    },

    stall(ms) {
      stallMs = ms;
      if (ms === 0) for (const request of [...held]) request.answer();
    },

    dropTextOf(messageId) {
      const message = findMessage(messageId);
      if (message) message.parts = message.parts.filter((part) => part.type !== 'text');
    },

    emit(event) {
      publish(event);
    },

    setEventOrder(order) {
      events.setOrder(order);
    },

    scriptReplies(next) {
      script = next;
    },

    storedKey(providerId) {
      return storedKeys.get(providerId);
    },
  };
}
