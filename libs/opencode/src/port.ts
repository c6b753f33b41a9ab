import type {
  HealthReport,
  OpencodeAgent,
  OpencodeModel,
  OpencodeEvent,
  OpencodeMessageWithParts,
  OpencodePermission,
  OpencodeProvider,
  OpencodeQuestion,
  OpencodeSession,
  OpencodeSessionStatus,
  OpencodeTodo,
  PermissionReply,
  PromptInput,
} from './types.js';

/** Per-call options: a caller's signal ends the call early (one deadline for a whole send, a lost upstream). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface MessagePage {
  messages: OpencodeMessageWithParts[];
  olderCursor: string | null;
}

export interface StreamOptions {
  /** A stream silent this long after connecting is given up (OpenCode may still be starting). Default 5 s. */
  connectTimeoutMs?: number;
  /** A stream silent this long later (heartbeats stopped) is treated as dropped. Default 45 s. */
  idleTimeoutMs?: number;
}

/**
 * Everything the gateway asks of OpenCode. Two implementations pass one contract suite: the SDK
 * adapter (`createSdkAdapter`) and the in-memory fake (`createFakeOpencode`) that unit tests crash,
 * stall and corrupt. Every method fails with an `OpencodeError`, never anything else.
 */
export interface OpencodePort {
  health(options?: CallOptions): Promise<HealthReport>;
  /** Every session, newest first. */
  listSessions(): Promise<OpencodeSession[]>;
  getSession(sessionId: string, options?: CallOptions): Promise<OpencodeSession>;
  createSession(input: { title?: string }): Promise<OpencodeSession>;
  deleteSession(sessionId: string): Promise<void>;
  /** Busy and retrying sessions only: OpenCode leaves idle ones out. */
  sessionStatus(options?: CallOptions): Promise<Record<string, OpencodeSessionStatus>>;
  /** The newest `limit` messages before the cursor, oldest first, and the cursor of the page before them. */
  messages(sessionId: string, page?: { limit?: number; before?: string }, options?: CallOptions): Promise<MessagePage>;
  /** One message, or null when OpenCode does not have it. */
  message(sessionId: string, messageId: string, options?: CallOptions): Promise<OpencodeMessageWithParts | null>;
  /** Sends and returns as soon as OpenCode accepted the prompt; the reply is read with `messages`. */
  promptAsync(input: PromptInput, options?: CallOptions): Promise<void>;
  abort(sessionId: string): Promise<boolean>;
  listPermissions(): Promise<OpencodePermission[]>;
  replyPermission(permissionId: string, reply: PermissionReply): Promise<void>;
  /** Pending questions the agent asked with its `question` tool, every session's; the turn waits on each. */
  listQuestions(options?: CallOptions): Promise<OpencodeQuestion[]>;
  /**
   * Answers a question: one array of chosen labels (or typed text) per question asked, in order. The
   * agent's turn goes on with the answers as the tool's result.
   */
  replyQuestion(questionId: string, answers: string[][]): Promise<void>;
  /** Dismisses a question: its tool call fails ("The user dismissed this question") and the turn ends there. */
  rejectQuestion(questionId: string): Promise<void>;
  /** Every provider OpenCode knows (not only the connected ones), without any key. */
  listProviders(options?: CallOptions): Promise<OpencodeProvider[]>;
  /** Stores an API key for a provider; a running OpenCode uses it only after `reload`. */
  setProviderKey(providerId: string, key: string): Promise<void>;
  /** Forgets a provider's stored key (none stored is fine); takes effect after `reload`. */
  removeProviderKey(providerId: string): Promise<void>;
  /**
   * Makes OpenCode load its providers again, so stored keys take effect. Aborts every running reply
   * and ends every event stream (a stream's caller reconnects as after a drop).
   */
  reload(): Promise<void>;
  /** Streams events until `signal` aborts (resolves) or the connection drops (rejects); the caller reconnects. */
  streamEvents(onEvent: (event: OpencodeEvent) => void, signal: AbortSignal, options?: StreamOptions): Promise<void>;
  /** The connected providers' models, each provider's default first, with limits, prices and inputs; no key. */
  listModels(options?: CallOptions): Promise<OpencodeModel[]>;
  /** The agents a prompt can name (OpenCode's hidden ones left out). */
  listAgents(options?: CallOptions): Promise<OpencodeAgent[]>;
  /**
   * The model ("provider/model") of its config's `model`, which a prompt naming none uses in a session
   * without messages; null when the config names none (OpenCode then picks one by its own rules).
   */
  defaultModel(options?: CallOptions): Promise<string | null>;
  /** The session's todo list as the agent last wrote it (`todowrite`); empty when it wrote none. */
  todos(sessionId: string, options?: CallOptions): Promise<OpencodeTodo[]>;
  /**
   * Undoes the files changed from `messageId` on and marks the session reverted to before it (the
   * messages stay until the next prompt removes them). A message the session lacks changes nothing.
   * Refused with status 409 while the session is busy.
   */
  revert(sessionId: string, messageId: string): Promise<OpencodeSession>;
  /** Restores what the last revert undid; a session not reverted is returned as it is. 409 while busy. */
  unrevert(sessionId: string): Promise<OpencodeSession>;
}
