import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2';
import { createCoalescer } from './coalesce.js';
import { OpencodeError, fromStatus, fromThrown } from './errors.js';
import type {
  HealthReport,
  OpencodeEvent,
  OpencodeMessageWithParts,
  OpencodePermission,
  OpencodeSession,
  OpencodeSessionStatus,
  PermissionReply,
  PromptInput,
} from './types.js';

export interface OpencodeAdapterOptions {
  /** Base URL of `opencode serve`, e.g. http://127.0.0.1:4096. */
  baseUrl: string;
  /** Basic-auth user; OpenCode's default is `opencode`. */
  username?: string;
  /** Basic-auth password; no auth header is sent when unset. */
  password?: string;
  /** Timeout of every ordinary call, health probes included. Default 10 s. */
  timeoutMs?: number;
  /** Timeout of a prompt that waits for the whole reply. Default 10 min. */
  replyTimeoutMs?: number;
  /** Called once per HTTP request sent upstream (after coalescing); the benchmark counts with it. */
  onCall?: (call: string) => void;
}

/** Sessions listed per page when the gateway needs all of them; OpenCode's own default is 100. */
export const SESSION_LIST_LIMIT = 100_000;

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

export type OpencodeAdapter = ReturnType<typeof createOpencodeAdapter>;

export interface MessagePage {
  messages: OpencodeMessageWithParts[];
  olderCursor: string | null;
}

/** The one place that speaks to OpenCode: typed calls with timeouts and coded errors. */
export function createOpencodeAdapter(options: OpencodeAdapterOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const replyTimeoutMs = options.replyTimeoutMs ?? 600_000;
  const headers: Record<string, string> = {};
  if (options.password) {
    const user = options.username ?? 'opencode';
    headers.authorization = `Basic ${Buffer.from(`${user}:${options.password}`).toString('base64')}`;
  }
  const client: OpencodeClient = createOpencodeClient({ baseUrl: options.baseUrl, headers });
  const coalesce = createCoalescer();

  async function call<T>(
    name: string,
    run: (signal: AbortSignal) => Promise<SdkResult<T>>,
    limitMs = timeoutMs,
  ): Promise<{ data: T | undefined; status: number; headers: Headers }> {
    options.onCall?.(name);
    const signal = AbortSignal.timeout(limitMs);
    let result: SdkResult<T>;
    try {
      result = await run(signal);
    } catch (error) {
      throw fromThrown(name, error, signal.aborted);
    }
    // The SDK reports a failed fetch as a result without a response, not as a throw.
    if (!result.response) throw fromThrown(name, result.error, signal.aborted);
    const { status } = result.response;
    if (status < 200 || status >= 300) throw fromStatus(name, status);
    return { data: result.data, status, headers: result.response.headers };
  }

  async function required<T>(name: string, run: (signal: AbortSignal) => Promise<SdkResult<T>>, limitMs?: number) {
    const { data } = await call(name, run, limitMs);
    if (data === undefined) throw new OpencodeError('UPSTREAM_UNAVAILABLE', `OpenCode sent an empty answer to ${name}`);
    return data;
  }

  return {
    baseUrl: options.baseUrl,

    async health(): Promise<HealthReport> {
      const started = performance.now();
      const data = await required('global.health', (signal) => client.global.health({ signal }));
      return { healthy: data.healthy === true, version: data.version, latencyMs: performance.now() - started };
    },

    listSessions(): Promise<OpencodeSession[]> {
      return coalesce('session.list', () =>
        required('session.list', (signal) => client.session.list({ limit: SESSION_LIST_LIMIT }, { signal })),
      );
    },

    getSession(sessionId: string): Promise<OpencodeSession> {
      return coalesce(`session.get:${sessionId}`, () =>
        required('session.get', (signal) => client.session.get({ sessionID: sessionId }, { signal })),
      );
    },

    createSession(input: { title?: string }): Promise<OpencodeSession> {
      return required('session.create', (signal) => client.session.create({ title: input.title }, { signal }));
    },

    async deleteSession(sessionId: string): Promise<void> {
      await call('session.delete', (signal) => client.session.delete({ sessionID: sessionId }, { signal }));
    },

    /** Busy and retrying sessions only: OpenCode leaves idle ones out. */
    sessionStatus(): Promise<Record<string, OpencodeSessionStatus>> {
      return coalesce('session.status', () =>
        required('session.status', (signal) => client.session.status(undefined, { signal })),
      );
    },

    /**
     * The newest `limit` messages before the cursor, oldest first, and OpenCode's opaque cursor
     * for the page before them (null when there is none).
     */
    messages(sessionId: string, page: { limit?: number; before?: string } = {}): Promise<MessagePage> {
      const key = `session.messages:${sessionId}:${page.limit ?? ''}:${page.before ?? ''}`;
      return coalesce(key, async () => {
        const { data, headers } = await call('session.messages', (signal) =>
          client.session.messages({ sessionID: sessionId, limit: page.limit, before: page.before }, { signal }),
        );
        return { messages: data ?? [], olderCursor: headers.get('x-next-cursor') };
      });
    },

    /** One message, or null when OpenCode does not have it (yet). */
    async message(sessionId: string, messageId: string): Promise<OpencodeMessageWithParts | null> {
      try {
        return await required('session.message', (signal) =>
          client.session.message({ sessionID: sessionId, messageID: messageId }, { signal }),
        );
      } catch (error) {
        if (error instanceof OpencodeError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },

    /** Sends and waits for the finished reply. */
    prompt(input: PromptInput): Promise<OpencodeMessageWithParts> {
      return required(
        'session.prompt',
        (signal) => client.session.prompt(promptParameters(input), { signal }),
        replyTimeoutMs,
      );
    },

    /** Sends and returns as soon as OpenCode accepted the prompt. */
    async promptAsync(input: PromptInput): Promise<void> {
      await call('session.prompt_async', (signal) => client.session.promptAsync(promptParameters(input), { signal }));
    },

    async abort(sessionId: string): Promise<boolean> {
      const data = await required('session.abort', (signal) => client.session.abort({ sessionID: sessionId }, { signal }));
      return data === true;
    },

    listPermissions(): Promise<OpencodePermission[]> {
      return coalesce('permission.list', () =>
        required('permission.list', (signal) => client.permission.list(undefined, { signal })),
      );
    },

    async replyPermission(permissionId: string, reply: PermissionReply): Promise<void> {
      await call('permission.reply', (signal) => client.permission.reply({ requestID: permissionId, reply }, { signal }));
    },

    /**
     * Streams OpenCode's events until `signal` aborts or the connection drops; the caller reconnects.
     * OpenCode sends `server.connected` at once, so a stream silent for `connectTimeoutMs` after
     * connecting is given up (a request accepted while OpenCode starts may never be answered), and
     * one silent for `idleTimeoutMs` later (heartbeats stopped) is treated as dropped.
     */
    async streamEvents(
      onEvent: (event: OpencodeEvent) => void,
      signal: AbortSignal,
      { connectTimeoutMs = 5_000, idleTimeoutMs = 45_000 } = {},
    ): Promise<void> {
      options.onCall?.('event.subscribe');
      const local = new AbortController();
      const abortLocal = () => local.abort();
      signal.addEventListener('abort', abortLocal, { once: true });
      let watchdog = setTimeout(abortLocal, connectTimeoutMs);
      let failure: unknown;
      try {
        const { stream } = await client.event.subscribe(undefined, {
          signal: local.signal,
          sseMaxRetryAttempts: 1,
          onSseError: (error) => {
            failure = error;
          },
        });
        for await (const event of stream) {
          clearTimeout(watchdog);
          watchdog = setTimeout(abortLocal, idleTimeoutMs);
          onEvent(event as OpencodeEvent);
        }
      } finally {
        clearTimeout(watchdog);
        signal.removeEventListener('abort', abortLocal);
      }
      if (failure && !signal.aborted) throw fromThrown('event.subscribe', failure, local.signal.aborted);
    },
  };
}

function promptParameters(input: PromptInput) {
  return {
    sessionID: input.sessionId,
    messageID: input.messageId,
    agent: input.agent,
    model: input.model ? { providerID: input.model.providerId, modelID: input.model.modelId } : undefined,
    parts: [{ type: 'text' as const, text: input.text }],
  };
}
