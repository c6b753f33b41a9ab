import type {
  AssistantMessage,
  FilePart,
  ReasoningPart,
  StepFinishPart,
  StepStartPart,
  TextPart,
  ToolPart,
  UserMessage,
} from '@opencode-ai/sdk/v2';
import { newOpencodeId } from './ids.js';
import type {
  OpencodeEvent,
  OpencodePermission,
  OpencodeQuestion,
  OpencodeQuestionAnswer,
  OpencodeQuestionInfo,
  OpencodeSession,
  PromptFile,
  PromptInput,
} from './types.js';

// The fake's records, shaped field for field like OpenCode 1.18.33's (libs/testkit/test/fixtures).

export const FAKE_OPENCODE_VERSION = '1.18.33';

/** The testkit's scripted model, so a test's expectations read the same against the fake and the real server. */
const DEFAULT_MODEL = { providerID: 'scripted', modelID: 'scripted-model' };
const DEFAULT_AGENT = 'build';
/** Git's empty tree: what OpenCode records as the snapshot of an untouched workspace. */
const SNAPSHOT = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface StoredMessage<Info = UserMessage | AssistantMessage> {
  info: Info;
  parts: Array<TextPart | ReasoningPart | StepStartPart | StepFinishPart | ToolPart | FilePart>;
}

const noTokens = () => ({ input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } });

export function sessionRecord(title: string | undefined, directory: string): OpencodeSession {
  const now = Date.now();
  const id = newOpencodeId('ses', now);
  return {
    id,
    slug: `fake-${id.slice(-6).toLowerCase()}`,
    projectID: 'global',
    directory,
    path: '',
    cost: 0,
    tokens: noTokens(),
    title: title ?? `New session - ${new Date(now).toISOString()}`,
    version: FAKE_OPENCODE_VERSION,
    time: { created: now, updated: now },
  };
}

export function userRecord(input: PromptInput): StoredMessage<UserMessage> {
  return {
    info: {
      id: input.messageId,
      sessionID: input.sessionId,
      role: 'user',
      time: { created: Date.now() },
      summary: { diffs: [] },
      agent: input.agent ?? DEFAULT_AGENT,
      model: input.model ? { providerID: input.model.providerId, modelID: input.model.modelId } : DEFAULT_MODEL,
    },
    parts: [],
  };
}

/** An assistant message as OpenCode opens it: no `time.completed` and no `finish` until it ends. */
export function assistantRecord(parent: UserMessage, directory: string): StoredMessage<AssistantMessage> {
  return {
    info: {
      id: newOpencodeId('msg'),
      sessionID: parent.sessionID,
      role: 'assistant',
      time: { created: Date.now() },
      parentID: parent.id,
      modelID: parent.model.modelID,
      providerID: parent.model.providerID,
      mode: parent.agent,
      agent: parent.agent,
      path: { cwd: directory, root: directory },
      cost: 0,
      tokens: noTokens(),
    },
    parts: [],
  };
}

const partOf = (message: StoredMessage) => ({
  id: newOpencodeId('prt'),
  sessionID: message.info.sessionID,
  messageID: message.info.id,
});

export function textPart(message: StoredMessage, text: string): TextPart {
  return { ...partOf(message), type: 'text', text };
}

/**
 * An attached file as OpenCode stores it: a `text/plain` one is read for the model first, as two
 * synthetic text parts (a note of the Read call, then the text), before the file part itself.
 */
export function attachmentParts(message: StoredMessage, file: PromptFile): Array<TextPart | FilePart> {
  const stored: FilePart = { ...partOf(message), type: 'file', mime: file.mime, filename: file.filename, url: file.url };
  if (file.mime !== 'text/plain' || !file.url.startsWith('data:')) return [stored];
  const text = Buffer.from(file.url.slice(file.url.indexOf(',') + 1), 'base64').toString('utf8');
  const read = `Called the Read tool with the following input: ${JSON.stringify({ filePath: file.filename })}`;
  return [{ ...textPart(message, read), synthetic: true }, { ...textPart(message, text), synthetic: true }, stored];
}

/** A text or reasoning part of a reply as OpenCode opens it: empty, its text only in deltas until it ends. */
export function streamedPart(message: StoredMessage, type: 'text' | 'reasoning'): TextPart | ReasoningPart {
  return { ...partOf(message), type, text: '', time: { start: Date.now() } };
}

export function stepStart(message: StoredMessage): StepStartPart {
  return { ...partOf(message), type: 'step-start', snapshot: SNAPSHOT };
}

export function stepFinish(message: StoredMessage, reason: 'stop' | 'tool-calls'): StepFinishPart {
  return { ...partOf(message), type: 'step-finish', reason, snapshot: SNAPSHOT, cost: 0, tokens: noTokens() };
}

export function bashCall(message: StoredMessage, command: string): ToolPart {
  return {
    ...partOf(message),
    type: 'tool',
    callID: `call_${newOpencodeId('prt').slice(-8)}`,
    tool: 'bash',
    state: { status: 'running', input: { command }, time: { start: Date.now() } },
  };
}

export function bashPermission(call: ToolPart): OpencodePermission {
  const command = String(call.state.input.command);
  return {
    id: newOpencodeId('per'),
    sessionID: call.sessionID,
    permission: 'bash',
    patterns: [command],
    metadata: { command },
    always: [`${command.split(' ')[0]} *`],
    tool: { messageID: call.messageID, callID: call.callID },
  };
}

export function questionCall(message: StoredMessage, questions: OpencodeQuestionInfo[]): ToolPart {
  return {
    ...partOf(message),
    type: 'tool',
    callID: `call_${newOpencodeId('prt').slice(-8)}`,
    tool: 'question',
    state: { status: 'running', input: { questions }, time: { start: Date.now() } },
  };
}

export function questionRequest(call: ToolPart): OpencodeQuestion {
  return {
    id: newOpencodeId('que'),
    sessionID: call.sessionID,
    questions: structuredClone(call.state.input.questions as OpencodeQuestionInfo[]),
    tool: { messageID: call.messageID, callID: call.callID },
  };
}

/** Each question's answer as OpenCode words it for the model: labels joined by ", ", or "Unanswered". */
export function answerTexts(answers: OpencodeQuestionAnswer[], count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const chosen = answers[index] ?? [];
    return chosen.length ? chosen.join(', ') : 'Unanswered';
  });
}

/** The `question` tool's result: what the model reads once the operator has answered. */
export function questionOutput(questions: OpencodeQuestionInfo[], answers: OpencodeQuestionAnswer[]): string {
  const texts = answerTexts(answers, questions.length);
  const pairs = questions.map((info, index) => `"${info.question}"="${texts[index]}"`).join(', ');
  return `User has answered your questions: ${pairs}. You can now continue with the user's answers in mind.`;
}

/** An event as OpenCode's stream delivers it; the payload is a copy, so later changes do not leak into it. */
export function eventOf<T extends OpencodeEvent['type']>(
  type: T,
  properties: Extract<OpencodeEvent, { type: T }>['properties'],
): OpencodeEvent {
  return { id: newOpencodeId('evt'), type, properties: structuredClone(properties) } as OpencodeEvent;
}
