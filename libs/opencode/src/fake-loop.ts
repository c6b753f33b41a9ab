import type { AssistantMessage, ReasoningPart, TextPart, ToolPart, UserMessage } from '@opencode-ai/sdk/v2';
import {
  answerTexts,
  assistantRecord,
  attachmentParts,
  bashCall,
  bashPermission,
  eventOf,
  questionCall,
  questionOutput,
  questionRequest,
  stepFinish,
  stepStart,
  streamedPart,
  textPart,
  userRecord,
  type StoredMessage,
} from './fake-records.js';
import { fileDiffOf, todowriteCall, writeCall, type FakeEdit } from './fake-tools.js';
import type {
  OpencodeEvent,
  OpencodePermission,
  OpencodeQuestion,
  OpencodeQuestionAnswer,
  OpencodeQuestionInfo,
  OpencodeSession,
  OpencodeTodo,
  PromptInput,
} from './types.js';

// How the fake answers prompts: OpenCode 1.18.33's prompt loop, reduced to what the gateway can see.

/** A question the agent asks with OpenCode's `question` tool; `header` defaults to the question's start. */
export interface FakeQuestion {
  question: string;
  header?: string;
  options: Array<{ label: string; description?: string }>;
  multiple?: boolean;
  custom?: boolean;
}

/** How the fake answers one prompt. */
export interface FakeReply {
  /**
   * Default `echo: <text>`, as the testkit's scripted model answers; after a question,
   * `answered: <answers>` (each question's labels joined by ", ", questions by "; ").
   */
  text?: string;
  /**
   * The text streams as this many `message.part.delta` events, spread over the delay (default 1).
   * The stored part stays empty until the last one, as OpenCode's does.
   */
  chunks?: number;
  /** Streams this reasoning (a `reasoning` part, deltas with `field: 'text'`) before the text, in as many chunks. */
  reasoning?: string;
  /** How long the reply takes; default the fake's `replyDelayMs`. */
  delayMs?: number;
  /** Never finishes: the reply stays open (its first part started, empty) and the session busy until abort() or crash(). */
  hang?: boolean;
  /** Ends the reply with this `APIError` and no parts, as OpenCode records a model that refused. */
  error?: string;
  /** First asks to run this bash command (`permission.asked`); `reject` ends the turn there. */
  bash?: string;
  /**
   * Then asks the operator this (`question.asked`; the session stays busy): a reply goes on to the
   * text, a rejection ends the turn there, as OpenCode's does.
   */
  question?: FakeQuestion;
  /** First writes this todo list (a `todowrite` call, `todo.updated`), in a step of its own with `edits`. */
  todos?: OpencodeTodo[];
  /** First writes these files (`write` calls); the user message's `summary.diffs` lists them. */
  edits?: FakeEdit[];
}

/** Picks the reply to the user message being answered; `text` is all of its text (a resent id's parts joined). */
export type FakeReplyScript = (text: string) => FakeReply | undefined;

export interface FakeSession {
  info: OpencodeSession;
  /** In id order, as OpenCode lists them. */
  messages: StoredMessage[];
  turn?: Turn;
  /** As the agent last wrote it. */
  todos?: OpencodeTodo[];
}

/** One reply in progress: a model step at a time, each its own assistant message. */
interface Turn {
  user: StoredMessage<UserMessage>;
  text: string;
  reply: FakeReply;
  message: StoredMessage<AssistantMessage>;
  /** A bash call waiting for its permission, or a question call for its answer. */
  call?: ToolPart;
  /** A bash command the next step asks to run. */
  pendingBash?: string;
  /** A question the next step asks. */
  pendingQuestion?: OpencodeQuestionInfo;
  /** What the operator answered, for the default final text. */
  answered?: string;
  /** The todos and edits of the reply are written. */
  toolsRan?: boolean;
  /** The text or reasoning part being streamed, and what its deltas have carried so far. */
  streaming?: { part: TextPart | ReasoningPart; sent: string };
  timer?: NodeJS.Timeout;
}

export interface PromptLoopContext {
  directory: string;
  replyDelayMs: number;
  script(): FakeReplyScript | undefined;
  /** Pending permission requests, shared with the fake's permission calls. */
  permissions: Map<string, OpencodePermission>;
  /** Pending questions, shared with the fake's question calls. */
  questions: Map<string, OpencodeQuestion>;
  publish(event: OpencodeEvent): void;
  /** A timer that a crash cancels. */
  later(ms: number, run: () => void): NodeJS.Timeout;
  cancel(timer: NodeJS.Timeout | undefined): void;
}

const REJECTED = 'The user rejected permission to use this specific tool call.';
const DISMISSED = 'The user dismissed this question';
const ABORTED = { name: 'MessageAbortedError', data: { message: 'Aborted' } } as const;

const isAssistant = (message: StoredMessage): message is StoredMessage<AssistantMessage> =>
  message.info.role === 'assistant';
const isUser = (message: StoredMessage): message is StoredMessage<UserMessage> => message.info.role === 'user';

/** The tool's input as the model sends it: OpenCode's schema wants a header and every option's description. */
function questionInfo(question: FakeQuestion): OpencodeQuestionInfo {
  const info: OpencodeQuestionInfo = {
    question: question.question,
    header: question.header ?? question.question.slice(0, 30),
    options: question.options.map((option) => ({ label: option.label, description: option.description ?? '' })),
  };
  if (question.multiple !== undefined) info.multiple = question.multiple;
  if (question.custom !== undefined) info.custom = question.custom;
  return info;
}

/** `text` in `count` pieces of (nearly) equal length; never more pieces than characters, always one. */
function piecesOf(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, Math.floor(count))));
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces.length ? pieces : [''];
}

export function createPromptLoop(context: PromptLoopContext) {
  const { directory, replyDelayMs, script, permissions, questions, publish, later, cancel } = context;

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
    if (session.info.revert) dropReverted(session);
    // Not deduplicated: a resent id gets its text again, as one more part of the same message.
    let message = session.messages.find((stored) => stored.info.id === input.messageId);
    if (message) messageUpdated(message);
    else {
      message = userRecord(input);
      store(session, message);
    }
    addPart(message, textPart(message, input.text));
    for (const file of input.files ?? []) for (const part of attachmentParts(message, file)) addPart(message, part);
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
    const turn: Turn = {
      user,
      text,
      reply,
      message: assistantRecord(user.info, directory),
      pendingBash: reply.bash,
      pendingQuestion: reply.question && questionInfo(reply.question),
    };
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
    if (!turn.toolsRan && (turn.reply.todos || turn.reply.edits)) return runTools(session, turn);
    if (turn.pendingBash !== undefined) {
      turn.call = bashCall(message, turn.pendingBash);
      turn.pendingBash = undefined;
      addPart(message, turn.call);
      const permission = bashPermission(turn.call);
      permissions.set(permission.id, permission);
      publish(eventOf('permission.asked', permission));
      return;
    }
    if (turn.pendingQuestion !== undefined) {
      turn.call = questionCall(message, [turn.pendingQuestion]);
      turn.pendingQuestion = undefined;
      addPart(message, turn.call);
      const question = questionRequest(turn.call);
      questions.set(question.id, question);
      publish(eventOf('question.asked', question));
      return;
    }
    stream(session, turn, delayMs);
  }

  /**
   * The model's answer as OpenCode streams it: each part (reasoning, then text) is written empty when
   * it starts, grows only by `message.part.delta` events, and is written whole when it ends.
   */
  function stream(session: FakeSession, turn: Turn, delayMs: number): void {
    const { message, reply } = turn;
    const chunks = reply.chunks ?? 1;
    const text = reply.text ?? (turn.answered === undefined ? `echo: ${turn.text}` : `answered: ${turn.answered}`);
    const parts: Array<{ type: 'text' | 'reasoning'; pieces: string[] }> = [];
    if (reply.reasoning !== undefined) parts.push({ type: 'reasoning', pieces: piecesOf(reply.reasoning, chunks) });
    parts.push({ type: 'text', pieces: piecesOf(text, chunks) });
    const gap = delayMs / parts.reduce((sum, part) => sum + part.pieces.length, 0);

    const open = (index: number) => {
      const next = parts[index]!;
      const part = streamedPart(message, next.type);
      addPart(message, part);
      turn.streaming = { part, sent: '' };
      return next.pieces;
    };
    const deliver = (index: number, pieces: string[]) => {
      const streaming = turn.streaming!;
      const delta = pieces.shift()!;
      streaming.sent += delta;
      const { sessionID, messageID, id: partID } = streaming.part;
      publish(eventOf('message.part.delta', { sessionID, messageID, partID, field: 'text', delta }));
      if (pieces.length) return wait(index, pieces);
      closePart(streaming);
      if (index + 1 < parts.length) return wait(index + 1, open(index + 1));
      finishStep(message, 'stop');
      session.turn = undefined;
      // A prompt that arrived meanwhile is answered next.
      proceed(session);
    };
    const wait = (index: number, pieces: string[]) => {
      turn.timer = later(gap, () => deliver(index, pieces));
    };

    const first = open(0);
    if (reply.hang) return;
    wait(0, first);
  }

  /** A streamed part ends with the text its deltas carried. */
  function closePart(streaming: NonNullable<Turn['streaming']>): void {
    const { part, sent } = streaming;
    part.text = sent;
    part.time = { start: part.time?.start ?? Date.now(), end: Date.now() };
    partUpdated(part);
  }

  /** OpenCode writes the finish reason first, then the completion time: two `message.updated` events. */
  function finishStep(message: StoredMessage<AssistantMessage>, reason: 'stop' | 'tool-calls'): void {
    addPart(message, stepFinish(message, reason));
    message.info.finish = reason;
    messageUpdated(message);
    message.info.time.completed = Date.now();
    messageUpdated(message);
  }

  /** The agent's own tools, which ask no one, in one step; the model goes on in a new message. */
  function runTools(session: FakeSession, turn: Turn): void {
    const { todos, edits = [] } = turn.reply;
    turn.toolsRan = true;
    if (todos) {
      addPart(turn.message, todowriteCall(turn.message, todos));
      session.todos = structuredClone(todos);
      publish(eventOf('todo.updated', { sessionID: session.info.id, todos }));
    }
    for (const edit of edits) addPart(turn.message, writeCall(turn.message, edit));
    if (edits.length) {
      const summary = turn.user.info.summary ?? { diffs: [] };
      turn.user.info.summary = { ...summary, diffs: [...summary.diffs, ...edits.map(fileDiffOf)] };
      messageUpdated(turn.user);
    }
    finishStep(turn.message, 'tool-calls');
    turn.message = assistantRecord(turn.user.info, directory);
    step(session, turn);
  }

  /** The first prompt after a revert removes the reverted messages for good, as OpenCode does. */
  function dropReverted(session: FakeSession): void {
    const from = session.info.revert?.messageID ?? '';
    for (const message of session.messages.filter((stored) => stored.info.id >= from)) {
      publish(eventOf('message.removed', { sessionID: session.info.id, messageID: message.info.id }));
    }
    session.messages = session.messages.filter((stored) => stored.info.id < from);
    delete session.info.revert;
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

  /** The answered question ends its step; answered, the model goes on in a new message, dismissed, the turn ends. */
  function answered(session: FakeSession, turn: Turn, answers: OpencodeQuestionAnswer[] | undefined): void {
    const call = turn.call;
    if (session.turn !== turn || call?.state.status !== 'running') return;
    const { input } = call.state;
    const time = { start: call.state.time.start, end: Date.now() };
    const asked = input.questions as OpencodeQuestionInfo[];
    const title = `Asked ${asked.length} question${asked.length === 1 ? '' : 's'}`;
    call.state = answers
      ? {
          status: 'completed',
          input,
          output: questionOutput(asked, answers),
          title,
          metadata: { answers, truncated: false },
          time,
        }
      : { status: 'error', input, error: DISMISSED, time };
    partUpdated(call);
    turn.call = undefined;
    finishStep(turn.message, 'tool-calls');
    if (!answers) {
      session.turn = undefined;
      return setStatus(session, 'idle');
    }
    turn.answered = answerTexts(answers, asked.length).join('; ');
    turn.message = assistantRecord(turn.user.info, directory);
    step(session, turn);
  }

  /** Ends a turn with an error on its open message; OpenCode's loop stops there. */
  function end(session: FakeSession, turn: Turn, error: NonNullable<AssistantMessage['error']>): void {
    cancel(turn.timer);
    session.turn = undefined;
    publish(eventOf('session.error', { sessionID: session.info.id, error }));
    // A part cut off mid-stream is written with what its deltas had carried.
    if (turn.streaming && turn.streaming.part.time?.end === undefined && turn.streaming.sent) closePart(turn.streaming);
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

    /** Goes on with (`answers`) or ends (undefined) the turn that asked, unless it ended since (an abort leaves questions listed). */
    answerQuestion(session: FakeSession, question: OpencodeQuestion, answers: OpencodeQuestionAnswer[] | undefined): void {
      const turn = session.turn;
      if (turn?.call && turn.call.callID === question.tool?.callID) later(0, () => answered(session, turn, answers));
    },
  };
}
