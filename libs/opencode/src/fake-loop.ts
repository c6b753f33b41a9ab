import type { AssistantMessage, ToolPart, UserMessage } from '@opencode-ai/sdk/v2';
import {
  assistantRecord,
  bashCall,
  bashPermission,
  eventOf,
  stepFinish,
  stepStart,
  textPart,
  userRecord,
  type StoredMessage,
} from './fake-records.js';
import type { OpencodeEvent, OpencodePermission, OpencodeSession, PromptInput } from './types.js';

// How the fake answers prompts: OpenCode 1.18.33's prompt loop, reduced to what the gateway can see.

/** How the fake answers one prompt. */
export interface FakeReply {
  /** Default `echo: <text>`, as the testkit's scripted model answers. */
  text?: string;
  /** How long the reply takes; default the fake's `replyDelayMs`. */
  delayMs?: number;
  /** Never finishes: the reply stays open and the session busy until abort() or crash(). */
  hang?: boolean;
  /** Ends the reply with this `APIError` and no parts, as OpenCode records a model that refused. */
  error?: string;
  /** First asks to run this bash command (`permission.asked`); `reject` ends the turn there. */
  bash?: string;
}

/** Picks the reply to the user message being answered; `text` is all of its text (a resent id's parts joined). */
export type FakeReplyScript = (text: string) => FakeReply | undefined;

export interface FakeSession {
  info: OpencodeSession;
  /** In id order, as OpenCode lists them. */
  messages: StoredMessage[];
  turn?: Turn;
}

/** One reply in progress: a model step at a time, each its own assistant message. */
interface Turn {
  user: StoredMessage<UserMessage>;
  text: string;
  reply: FakeReply;
  message: StoredMessage<AssistantMessage>;
  /** A bash call waiting for its permission. */
  call?: ToolPart;
  /** A bash command the next step asks to run. */
  pendingBash?: string;
  timer?: NodeJS.Timeout;
}

export interface PromptLoopContext {
  directory: string;
  replyDelayMs: number;
  script(): FakeReplyScript | undefined;
  /** Pending permission requests, shared with the fake's permission calls. */
  permissions: Map<string, OpencodePermission>;
  publish(event: OpencodeEvent): void;
  /** A timer that a crash cancels. */
  later(ms: number, run: () => void): NodeJS.Timeout;
  cancel(timer: NodeJS.Timeout | undefined): void;
}

const REJECTED = 'The user rejected permission to use this specific tool call.';
const ABORTED = { name: 'MessageAbortedError', data: { message: 'Aborted' } } as const;

const isAssistant = (message: StoredMessage): message is StoredMessage<AssistantMessage> =>
  message.info.role === 'assistant';
const isUser = (message: StoredMessage): message is StoredMessage<UserMessage> => message.info.role === 'user';

export function createPromptLoop({ directory, replyDelayMs, script, permissions, publish, later, cancel }: PromptLoopContext) {
  function store(session: FakeSession, message: StoredMessage): void {
    const at = session.messages.findIndex((other) => other.info.id > message.info.id);
    session.messages.splice(at === -1 ? session.messages.length : at, 0, message);
    messageUpdated(message);
  }

  const messageUpdated = (message: StoredMessage) =>
    publish(eventOf('message.updated', { sessionID: message.info.sessionID, info: message.info }));

  function addPart(message: StoredMessage, part: StoredMessage['parts'][number]): void {
    message.parts.push(part);
    partUpdated(part);
  }

  const partUpdated = (part: StoredMessage['parts'][number]) =>
    publish(eventOf('message.part.updated', { sessionID: part.sessionID, part, time: Date.now() }));

  function setStatus(session: FakeSession, status: 'busy' | 'idle'): void {
    const sessionID = session.info.id;
    publish(eventOf('session.status', { sessionID, status: { type: status } }));
    if (status === 'idle') publish(eventOf('session.idle', { sessionID }));
  }

  /** What OpenCode does with a prompt a moment after answering 204 (a crash before then loses it). */
  function accept(session: FakeSession, input: PromptInput): void {
    // Not deduplicated: a resent id gets its text again, as one more part of the same message.
    let message = session.messages.find((stored) => stored.info.id === input.messageId);
    if (message) messageUpdated(message);
    else {
      message = userRecord(input);
      store(session, message);
    }
    addPart(message, textPart(message, input.text));
    session.info.time.updated = Date.now();
    publish(eventOf('session.updated', { sessionID: session.info.id, info: session.info }));
    if (!session.turn) proceed(session);
  }

  /** OpenCode's loop: answer the newest user message, unless a finished reply already follows it. */
  function proceed(session: FakeSession): void {
    setStatus(session, 'busy');
    const user = session.messages.findLast(isUser);
    const last = session.messages.findLast(isAssistant);
    const answered = last && user && last.info.id > user.info.id && last.info.finish && last.info.finish !== 'tool-calls';
    if (!user || answered) return setStatus(session, 'idle');
    const text = user.parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
    const reply = script()?.(text) ?? {};
    const turn: Turn = { user, text, reply, message: assistantRecord(user.info, directory), pendingBash: reply.bash };
    session.turn = turn;
    step(session, turn);
  }

  /** One model step: an assistant message that answers, fails, or calls bash. */
  function step(session: FakeSession, turn: Turn): void {
    const message = turn.message;
    store(session, message);
    const delayMs = turn.reply.delayMs ?? replyDelayMs;
    if (turn.reply.error !== undefined) {
      const data = { message: turn.reply.error, statusCode: 400, isRetryable: false };
      turn.timer = later(delayMs, () => end(session, turn, { name: 'APIError', data }));
      return;
    }
    addPart(message, stepStart(message));
    if (turn.pendingBash !== undefined) {
      turn.call = bashCall(message, turn.pendingBash);
      turn.pendingBash = undefined;
      addPart(message, turn.call);
      const permission = bashPermission(turn.call);
      permissions.set(permission.id, permission);
      publish(eventOf('permission.asked', permission));
      return;
    }
    // OpenCode writes the text part as the model starts streaming, and its text when the part ends.
    const part = textPart(message, '');
    addPart(message, part);
    if (turn.reply.hang) return;
    turn.timer = later(delayMs, () => {
      part.text = turn.reply.text ?? `echo: ${turn.text}`;
      partUpdated(part);
      finishStep(message, 'stop');
      session.turn = undefined;
      // A prompt that arrived meanwhile is answered next.
      proceed(session);
    });
  }

  function finishStep(message: StoredMessage<AssistantMessage>, reason: 'stop' | 'tool-calls'): void {
    addPart(message, stepFinish(message, reason));
    message.info.time.completed = Date.now();
    message.info.finish = reason;
    messageUpdated(message);
  }

  /** The answered bash call ends its step; allowed, the model goes on in a new message, rejected, the turn ends. */
  function ranBash(session: FakeSession, turn: Turn, allowed: boolean): void {
    const call = turn.call;
    if (session.turn !== turn || call?.state.status !== 'running') return;
    const { input } = call.state;
    const time = { start: call.state.time.start, end: Date.now() };
    // Nothing runs: the fake has no shell, so an allowed command succeeds without output.
    const metadata = { output: '', exit: 0, truncated: false };
    call.state = allowed
      ? { status: 'completed', input, output: '', title: String(input.command), metadata, time }
      : { status: 'error', input, error: REJECTED, time };
    partUpdated(call);
    turn.call = undefined;
    finishStep(turn.message, 'tool-calls');
    if (!allowed) {
      session.turn = undefined;
      return setStatus(session, 'idle');
    }
    turn.message = assistantRecord(turn.user.info, directory);
    step(session, turn);
  }

  /** Ends a turn with an error on its open message; OpenCode's loop stops there. */
  function end(session: FakeSession, turn: Turn, error: NonNullable<AssistantMessage['error']>): void {
    cancel(turn.timer);
    session.turn = undefined;
    publish(eventOf('session.error', { sessionID: session.info.id, error }));
    if (turn.call?.state.status === 'running') {
      const { input, time } = turn.call.state;
      const ended = { start: time.start, end: Date.now() };
      turn.call.state = { status: 'error', input, error: 'Tool execution aborted', metadata: { interrupted: true }, time: ended };
      partUpdated(turn.call);
    }
    turn.message.info.error = error;
    turn.message.info.time.completed = Date.now();
    messageUpdated(turn.message);
    setStatus(session, 'idle');
  }

  return {
    accept,

    /** Stops a turn without a trace: its reply stays as far as it got, as after a deletion or a crash. */
    drop(session: FakeSession): void {
      cancel(session.turn?.timer);
      session.turn = undefined;
    },

    abort(session: FakeSession): void {
      if (session.turn) end(session, session.turn, ABORTED);
    },

    /** Goes on with the bash call the permission was for, unless its turn ended since (an abort leaves requests listed). */
    answerPermission(session: FakeSession, permission: OpencodePermission, allowed: boolean): void {
      const turn = session.turn;
      if (turn?.call && turn.call.callID === permission.tool?.callID) later(0, () => ranBash(session, turn, allowed));
    },
  };
}
