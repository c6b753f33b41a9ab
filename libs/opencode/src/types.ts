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
