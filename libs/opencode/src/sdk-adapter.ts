import { createOpencodeClient, type OpencodeClient } from '@opencode-ai/sdk/v2';
import { createCoalescer } from './coalesce.js';
import { callSignal, cutShort } from './deadline.js';
import { OpencodeError, fromStatus, fromThrown } from './errors.js';
import { basicAuthHeader } from './net.js';
import type { OpencodePort } from './port.js';
import type { OpencodeEvent, OpencodeModel, OpencodeProvider, PromptInput } from './types.js';

export interface SdkAdapterOptions {
  /** Base URL of `opencode serve`, e.g. http://127.0.0.1:4096. */
  baseUrl: string;
  /** Basic-auth user; OpenCode's default is `opencode`. */
  username?: string;
  /** Basic-auth password; no auth header is sent when unset. */
  password?: string;
  /** Timeout of every call, health probes included; a caller's signal can only end it sooner. Default 10 s. */
  timeoutMs?: number;
  /** Called once per HTTP request sent upstream (after coalescing); the benchmark counts with it. */
  onCall?: (call: string) => void;
  /** Told how each HTTP request sent upstream went (the event stream excepted): the metrics observe it. */
  onRequest?: UpstreamObserver;
}

/** An OpenCode route as a template: it names no session, message or request. */
export interface UpstreamEndpoint {
  readonly route: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
}
/** `error`: no 2xx answer (a refusal, a timeout, no connection). */
export type UpstreamOutcome = 'ok' | 'error';
export type UpstreamObserver = (endpoint: UpstreamEndpoint, durationMs: number, outcome: UpstreamOutcome) => void;

const ENDPOINTS = {
  'global.health': { method: 'GET', route: '/global/health' },
  'session.list': { method: 'GET', route: '/session' },
  'session.get': { method: 'GET', route: '/session/:id' },
  'session.create': { method: 'POST', route: '/session' },
  'session.delete': { method: 'DELETE', route: '/session/:id' },
  'session.status': { method: 'GET', route: '/session/status' },
  'session.messages': { method: 'GET', route: '/session/:id/message' },
  'session.message': { method: 'GET', route: '/session/:id/message/:messageId' },
  'session.prompt_async': { method: 'POST', route: '/session/:id/prompt_async' },
  'session.abort': { method: 'POST', route: '/session/:id/abort' },
  'permission.list': { method: 'GET', route: '/permission' },
  'permission.reply': { method: 'POST', route: '/permission/:id/reply' },
  'question.list': { method: 'GET', route: '/question' },
  'question.reply': { method: 'POST', route: '/question/:id/reply' },
  'question.reject': { method: 'POST', route: '/question/:id/reject' },
  'provider.list': { method: 'GET', route: '/provider' },
  'auth.set': { method: 'PUT', route: '/auth/:id' },
  'auth.remove': { method: 'DELETE', route: '/auth/:id' },
  'global.dispose': { method: 'POST', route: '/global/dispose' },
  'session.todo': { method: 'GET', route: '/session/:id/todo' },
  'session.revert': { method: 'POST', route: '/session/:id/revert' },
  'session.unrevert': { method: 'POST', route: '/session/:id/unrevert' },
  'config.providers': { method: 'GET', route: '/config/providers' },
  'app.agents': { method: 'GET', route: '/agent' },
  'config.get': { method: 'GET', route: '/config' },
} as const satisfies Record<string, UpstreamEndpoint>;
type CallName = keyof typeof ENDPOINTS;

/** Sessions listed per page when the gateway needs all of them; OpenCode's own default is 100. */
export const SESSION_LIST_LIMIT = 100_000;

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** The `OpencodePort` over HTTP: the one place that speaks to a real OpenCode. */
export function createSdkAdapter(options: SdkAdapterOptions): OpencodePort & { baseUrl: string } {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers: Record<string, string> = {};
  if (options.password) headers.authorization = basicAuthHeader(options.username ?? 'opencode', options.password);
  const client: OpencodeClient = createOpencodeClient({ baseUrl: options.baseUrl, headers });
  const coalesce = createCoalescer();

  async function call<T>(
    name: CallName,
    run: (signal: AbortSignal) => Promise<SdkResult<T>>,
    caller?: AbortSignal,
  ): Promise<{ data: T | undefined; status: number; headers: Headers }> {
    if (caller?.aborted) throw cutShort(name, caller, false);
    options.onCall?.(name);
    const signal = callSignal(timeoutMs, caller);
    const started = performance.now();
    const observe = (outcome: UpstreamOutcome) => options.onRequest?.(ENDPOINTS[name], performance.now() - started, outcome);
    let result: SdkResult<T>;
    try {
      result = await run(signal);
    } catch (error) {
      observe('error');
      throw signal.aborted ? cutShort(name, caller, true) : fromThrown(name, error, false);
    }
    const status = result.response?.status ?? 0;
    observe(status >= 200 && status < 300 ? 'ok' : 'error');
    // The SDK reports a failed fetch as a result without a response, not as a throw.
    if (!result.response) throw signal.aborted ? cutShort(name, caller, true) : fromThrown(name, result.error, false);
    if (status < 200 || status >= 300) throw fromStatus(name, status);
    return { data: result.data, status, headers: result.response.headers };
  }

  async function required<T>(name: CallName, run: (signal: AbortSignal) => Promise<SdkResult<T>>, caller?: AbortSignal) {
    const { data, status } = await call(name, run, caller);
    if (data === undefined) throw new OpencodeError('UPSTREAM_UNAVAILABLE', `OpenCode sent an empty answer to ${name}`, status);
    return data;
  }

  /**
   * One shared request per key, which only its own timeout ends: a caller whose signal fires leaves
   * it early without failing the others waiting on it.
   */
  function shared<T>(key: string, name: CallName, run: () => Promise<T>, caller?: AbortSignal): Promise<T> {
    if (!caller) return coalesce(key, run);
    if (caller.aborted) return Promise.reject(cutShort(name, caller, false));
    return new Promise<T>((resolve, reject) => {
      const leave = () => reject(cutShort(name, caller, true));
      caller.addEventListener('abort', leave, { once: true });
      coalesce(key, run)
        .then(resolve, reject)
        .finally(() => caller.removeEventListener('abort', leave));
    });
  }

  return {
    baseUrl: options.baseUrl,

    async health({ signal } = {}) {
      const started = performance.now();
      const data = await required('global.health', (s) => client.global.health({ signal: s }), signal);
      return { healthy: data.healthy === true, version: data.version, latencyMs: performance.now() - started };
    },

    listSessions() {
      return coalesce('session.list', () =>
        required('session.list', (signal) => client.session.list({ limit: SESSION_LIST_LIMIT }, { signal })),
      );
    },

    getSession(sessionId, { signal } = {}) {
      const run = () => required('session.get', (s) => client.session.get({ sessionID: sessionId }, { signal: s }));
      return shared(`session.get:${sessionId}`, 'session.get', run, signal);
    },

    createSession(input) {
      return required('session.create', (signal) => client.session.create({ title: input.title }, { signal }));
    },

    async deleteSession(sessionId) {
      await call('session.delete', (signal) => client.session.delete({ sessionID: sessionId }, { signal }));
    },

    sessionStatus({ signal } = {}) {
      const run = () => required('session.status', (s) => client.session.status(undefined, { signal: s }));
      return shared('session.status', 'session.status', run, signal);
    },

    messages(sessionId, page = {}, { signal } = {}) {
      const key = `session.messages:${sessionId}:${page.limit ?? ''}:${page.before ?? ''}`;
      const run = async () => {
        const { data, headers: answer } = await call('session.messages', (s) =>
          client.session.messages({ sessionID: sessionId, limit: page.limit, before: page.before }, { signal: s }),
        );
        return { messages: data ?? [], olderCursor: answer.get('x-next-cursor') };
      };
      return shared(key, 'session.messages', run, signal);
    },

    async message(sessionId, messageId, { signal } = {}) {
      try {
        return await required(
          'session.message',
          (s) => client.session.message({ sessionID: sessionId, messageID: messageId }, { signal: s }),
          signal,
        );
      } catch (error) {
        if (error instanceof OpencodeError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },

    async promptAsync(input, { signal } = {}) {
      await call('session.prompt_async', (s) => client.session.promptAsync(promptParameters(input), { signal: s }), signal);
    },

    async abort(sessionId) {
      const data = await required('session.abort', (signal) => client.session.abort({ sessionID: sessionId }, { signal }));
      return data === true;
    },

    listPermissions() {
      return coalesce('permission.list', () =>
        required('permission.list', (signal) => client.permission.list(undefined, { signal })),
      );
    },

    async replyPermission(permissionId, reply) {
      await call('permission.reply', (signal) => client.permission.reply({ requestID: permissionId, reply }, { signal }));
    },

    listQuestions({ signal } = {}) {
      const run = () => required('question.list', (s) => client.question.list(undefined, { signal: s }));
      return shared('question.list', 'question.list', run, signal);
    },

    async replyQuestion(questionId, answers) {
      await call('question.reply', (signal) => client.question.reply({ requestID: questionId, answers }, { signal }));
    },

    async rejectQuestion(questionId) {
      await call('question.reject', (signal) => client.question.reject({ requestID: questionId }, { signal }));
    },

    async listProviders({ signal } = {}) {
      const data = await required('provider.list', (s) => client.provider.list(undefined, { signal: s }), signal);
      const connected = new Set(data.connected);
      return data.all.map((provider) => providerOf(provider, connected.has(provider.id), data.default[provider.id]));
    },

    async setProviderKey(providerId, key) {
      await call('auth.set', (signal) => client.auth.set({ providerID: providerId, auth: { type: 'api', key } }, { signal }));
    },

    async removeProviderKey(providerId) {
      await call('auth.remove', (signal) => client.auth.remove({ providerID: providerId }, { signal }));
    },

    /** `/global/dispose` rather than `/instance/dispose`: keys are global, so every instance reloads. */
    async reload() {
      await call('global.dispose', (signal) => client.global.dispose({ signal }));
    },

    /**
     * OpenCode sends `server.connected` at once, so a stream silent for `connectTimeoutMs` after
     * connecting is given up (a request accepted while OpenCode starts may never be answered), and
     * one silent for `idleTimeoutMs` later (heartbeats stopped) is treated as dropped.
     */
    async streamEvents(onEvent, signal, { connectTimeoutMs = 5_000, idleTimeoutMs = 45_000 } = {}) {
      if (signal.aborted) return;
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
      if (signal.aborted) return;
      // A watchdog ends the stream like the caller would: the SDK then finishes it without an error.
      const silent = local.signal.aborted;
      if (failure || silent) throw fromThrown('event.subscribe', failure, silent);
      throw new OpencodeError('UPSTREAM_UNAVAILABLE', 'OpenCode ended its event stream');
    },

    todos(sessionId, { signal } = {}) {
      const run = () => required('session.todo', (s) => client.session.todo({ sessionID: sessionId }, { signal: s }));
      return shared(`session.todo:${sessionId}`, 'session.todo', run, signal);
    },

    revert(sessionId, messageId) {
      return required('session.revert', (signal) => client.session.revert({ sessionID: sessionId, messageID: messageId }, { signal }));
    },

    unrevert(sessionId) {
      return required('session.unrevert', (signal) => client.session.unrevert({ sessionID: sessionId }, { signal }));
    },

    /** `/config/providers` lists only connected providers, each model with its limits, price and inputs. */
    listModels({ signal } = {}) {
      const run = async () => {
        const data = await required('config.providers', (s) => client.config.providers(undefined, { signal: s }));
        return data.providers.flatMap((provider) => modelsOf(provider, data.default[provider.id]));
      };
      return shared('config.providers', 'config.providers', run, signal);
    },

    listAgents({ signal } = {}) {
      const run = async () => {
        const data = await required('app.agents', (s) => client.app.agents(undefined, { signal: s }));
        return data.filter((agent) => !agent.hidden).map((agent) => ({ name: agent.name, description: agent.description ?? null, mode: agent.mode ?? null }));
      };
      return shared('app.agents', 'app.agents', run, signal);
    },

    defaultModel({ signal } = {}) {
      const run = async () => (await required('config.get', (s) => client.config.get(undefined, { signal: s }))).model ?? null;
      return shared('config.get', 'config.get', run, signal);
    },
  };
}

function promptParameters(input: PromptInput) {
  return {
    sessionID: input.sessionId,
    messageID: input.messageId,
    agent: input.agent,
    model: input.model ? { providerID: input.model.providerId, modelID: input.model.modelId } : undefined,
    parts: [
      { type: 'text' as const, text: input.text },
      ...(input.files ?? []).map((file) => ({ type: 'file' as const, mime: file.mime, filename: file.filename, url: file.url })),
    ],
  };
}

interface UpstreamProvider {
  id: string;
  name: string;
  models: Record<string, { id: string; name: string }>;
}

/** Field by field: OpenCode's record holds the stored key (`key`, `options.apiKey`) in plain text. */
function providerOf(provider: UpstreamProvider, connected: boolean, defaultModel: string | undefined): OpencodeProvider {
  const models = Object.values(provider.models).map((model) => ({ id: model.id, name: model.name }));
  models.sort((a, b) => Number(b.id === defaultModel) - Number(a.id === defaultModel));
  return { id: provider.id, name: provider.name, connected, models };
}

interface UpstreamModel {
  id: string;
  name: string;
  capabilities: { input: Record<string, boolean> };
  cost: { input: number; output: number };
  limit: { context: number };
}

/** Field by field, as for `providerOf`: the provider's `options.apiKey` is one level up. */
function modelsOf(provider: { id: string; models: Record<string, UpstreamModel> }, defaultModel: string | undefined): OpencodeModel[] {
  const models = Object.values(provider.models).map((model) => ({
    providerId: provider.id,
    modelId: model.id,
    name: model.name,
    // OpenCode says 0 for a custom model whose config gives no limit.
    contextWindow: model.limit.context > 0 ? model.limit.context : null,
    inputCostPerMTok: model.cost.input,
    outputCostPerMTok: model.cost.output,
    inputs: Object.entries(model.capabilities.input).flatMap(([input, taken]) => (taken ? [input] : [])),
  }));
  return models.sort((a, b) => Number(b.modelId === defaultModel) - Number(a.modelId === defaultModel));
}
