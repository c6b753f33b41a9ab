import { randomUUID } from 'node:crypto';
import { createAuditRecorder, type Store } from '@otto/store';
import { Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { codeOf, type ErrorCode } from '../errors.js';
import { actionOf, findOperation } from './actions.js';
import { SESSION_PATH } from './console-session.js';

export interface AuditOptions {
  store: Store;
  /** Path of the GraphQL endpoint; other paths (static files, health) are not operations. */
  graphqlEndpoint?: string;
  /** Told when a row cannot be written; the response still goes out. */
  onWriteError?: (error: unknown) => void;
}

interface AuditState {
  startedAt: number;
  started: number;
  requestId: string;
  actor: string;
  action: string;
  operationName: string | null;
  threadId: string | null;
  errorCode: ErrorCode | null;
  clientAddress: string | null;
  userAgent: string | null;
}

const states = new WeakMap<Request, AuditState>();

/** Signing in and out are audited; checking a session is not worth a row. */
const SESSION_ACTIONS: Record<string, string> = { POST: 'auth.sign_in', DELETE: 'auth.sign_out' };

/** Names the thread an operation touched; the first one named wins. */
export function noteThread(request: Request, threadId: string): void {
  const state = states.get(request);
  if (state && !state.threadId) state.threadId = threadId;
}

/** Who the auth plugin decided is asking. */
export function noteActor(request: Request, actor: string): void {
  const state = states.get(request);
  if (state) state.actor = actor;
}

/** A request refused before it reached GraphQL (auth, rate limit). */
export function noteRejection(request: Request, code: ErrorCode): void {
  const state = states.get(request);
  if (state) state.errorCode = code;
}

/** Where the request came from, when it came over a socket (not through `yoga.fetch`). */
export function clientAddressOf(serverContext: unknown): string | null {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req;
  return req?.socket?.remoteAddress ?? null;
}

export function isGraphiqlPage(request: Request): boolean {
  return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
}

/**
 * Writes one audit row per GraphQL request — executed, or refused by auth, parsing or validation —
 * before the response leaves. Never writes variables, message text or credentials.
 */
export function useAudit(options: AuditOptions): Plugin {
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const record = createAuditRecorder(options.store.db);
  return {
    onRequest({ request, url, serverContext }) {
      const signInOrOut = url.pathname === SESSION_PATH ? SESSION_ACTIONS[request.method] : undefined;
      if (!signInOrOut && (url.pathname !== endpoint || isGraphiqlPage(request) || request.method === 'OPTIONS')) return;
      states.set(request, {
        startedAt: Date.now(),
        started: performance.now(),
        requestId: randomUUID(),
        actor: 'anonymous',
        action: signInOrOut ?? 'operation.rejected',
        operationName: null,
        threadId: null,
        errorCode: null,
        clientAddress: clientAddressOf(serverContext),
        userAgent: request.headers.get('user-agent'),
      });
    },
    onParse({ context }) {
      const { request, params } = context as { request: Request; params: { operationName?: string | null } };
      return ({ result }) => {
        const state = states.get(request);
        if (!state) return;
        if (!isDocument(result)) {
          state.action = 'operation.invalid';
          return;
        }
        const operation = findOperation(result, params.operationName);
        state.operationName = operation?.name?.value ?? params.operationName ?? null;
        state.action = operation ? actionOf(operation) : 'operation.invalid';
      };
    },
    onResultProcess({ request, result }) {
      const state = states.get(request);
      if (!state || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      state.errorCode ??= codeOf(result.errors[0]) ?? 'INTERNAL';
    },
    async onResponse({ request, response }) {
      const state = states.get(request);
      if (!state) return;
      states.delete(request);
      response.headers.set('x-request-id', state.requestId);
      const errorCode = state.errorCode ?? (response.status >= 400 ? 'BAD_USER_INPUT' : null);
      try {
        await record({
          at: state.startedAt,
          actor: state.actor,
          action: state.action,
          operationName: state.operationName,
          threadId: state.threadId,
          outcome: errorCode ? 'ERROR' : 'OK',
          errorCode,
          durationMs: Math.round(performance.now() - state.started),
          requestId: state.requestId,
          clientAddress: state.clientAddress,
          userAgent: state.userAgent,
        });
      } catch (error) {
        options.onWriteError?.(error);
      }
    },
  };
}

function isDocument(value: unknown): value is DocumentNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === Kind.DOCUMENT;
}
