import type {
  Event,
  Message,
  Part,
  PermissionRequest,
  QuestionAnswer,
  QuestionInfo,
  QuestionRequest,
  Session,
  SessionStatus,
} from '@opencode-ai/sdk/v2';

// The SDK's generated names, re-exported so no other package imports the SDK directly.
export type {
  Event as OpencodeEvent,
  Message as OpencodeMessage,
  Part as OpencodePart,
  PermissionRequest as OpencodePermission,
  QuestionAnswer as OpencodeQuestionAnswer,
  QuestionInfo as OpencodeQuestionInfo,
  QuestionRequest as OpencodeQuestion,
  Session as OpencodeSession,
  SessionStatus as OpencodeSessionStatus,
};

export interface OpencodeMessageWithParts {
  info: Message;
  parts: Part[];
}

export type PermissionReply = 'once' | 'always' | 'reject';

export interface PromptInput {
  sessionId: string;
  /** Chosen by the gateway before sending, so a retried send can be recognised upstream. */
  messageId: string;
  text: string;
  model?: { providerId: string; modelId: string };
  agent?: string;
  /** Sent after the text as file parts; OpenCode turns a `text/plain` one into text the model reads. */
  files?: PromptFile[];
}

/** A file as OpenCode's `FilePartInput` takes it: the bytes inline, in a `data:` URL. */
export interface PromptFile {
  mime: string;
  filename: string;
  /** `data:<mime>;base64,…` */
  url: string;
}

export interface HealthReport {
  healthy: boolean;
  version: string;
  latencyMs: number;
}

/**
 * A provider as Otto passes it on: OpenCode's own record carries the stored key in plain text, so
 * this type has no field a key could travel in and is always built field by field.
 */
export interface OpencodeProvider {
  id: string;
  name: string;
  /** OpenCode has a key for it (stored or from its environment), or it is defined in OpenCode's config. */
  connected: boolean;
  /** Its default model first. */
  models: OpencodeProviderModel[];
}

export interface OpencodeProviderModel {
  id: string;
  name: string;
}

/**
 * A model of a connected provider, as a prompt can name it (`providerId/modelId`), built field by
 * field: OpenCode's provider record beside it holds the key.
 */
export interface OpencodeModel {
  providerId: string;
  modelId: string;
  /** OpenCode's display name, e.g. "Claude Sonnet 4.5". */
  name: string;
  /** In tokens; null when OpenCode does not know it. */
  contextWindow: number | null;
  /** USD per million tokens, as OpenCode prices a reply (0 for a model it has no price for). */
  inputCostPerMTok: number;
  outputCostPerMTok: number;
  /** What it takes besides text, as OpenCode passes attachments on: `text`, `image`, `pdf`, `audio`, `video`. */
  inputs: string[];
}

/** An agent a prompt can name; OpenCode's hidden ones (title, summary, compaction) are left out. */
export interface OpencodeAgent {
  name: string;
  description: string | null;
  /** `primary` (picked for a prompt), `subagent` (called by another agent) or `all`. */
  mode: string | null;
}

// The agent's todo list (OpenCode's `todowrite`; no id of its own) and one file's change in a user message's turn.
export type { Todo as OpencodeTodo, SnapshotFileDiff as OpencodeFileDiff } from '@opencode-ai/sdk/v2';
