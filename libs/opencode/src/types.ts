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
