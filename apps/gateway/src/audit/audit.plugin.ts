import { createAuditRecorder, type Store } from '@otto/store';
import { Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { SESSION_PATH } from '../auth/console-session.js';
import type { RequestScope } from '../context.js';
import { codeOf, codeOfStatus } from '../errors.js';
import type { ClientAddressOf } from '../http/client-address.js';
import { isGraphiqlPage } from '../http/graphiql.js';
import { actionsOf, findOperation, type AuditAction } from './actions.js';
import { AuditRecord } from './audit-record.js';

export interface AuditOptions {
  store: Store;
  clientAddressOf: ClientAddressOf;
  /** Path of the GraphQL endpoint; other paths (static files, health) are not operations. */
  graphqlEndpoint?: string;
  /** Told once for each row committed. */
  onWritten?: () => void;
  /** Told once for each row that could not be written; the response still goes out. */
  onWriteError?: (error: unknown) => void;
}

/** Signing in and out are audited; checking a session is not worth a row. */
const SESSION_ACTIONS: Record<string, AuditAction> = { POST: 'auth.sign_in', DELETE: 'auth.sign_out' };

const scopeOf = (serverContext: unknown) => serverContext as RequestScope;

/**
 * Writes one audit row per GraphQL request — executed, or refused by auth, size, parsing or
 * validation — before the response leaves. The record travels on the request's context: resolvers
 * name the thread on it, auth leaves the caller beside it. Never writes variables, text or credentials.
 */
export function useAudit(options: AuditOptions): Plugin {
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const record = createAuditRecorder(options.store.db);
  return {
    onRequest({ request, url, serverContext }) {
      const signInOrOut = url.pathname === SESSION_PATH ? SESSION_ACTIONS[request.method] : undefined;
      if (!signInOrOut && (url.pathname !== endpoint || isGraphiqlPage(request) || request.method === 'OPTIONS')) return;
      scopeOf(serverContext).audit = new AuditRecord(
        [signInOrOut ?? 'operation.rejected'],
        options.clientAddressOf(request, serverContext),
        request.headers.get('user-agent')?.slice(0, 512) ?? null,
      );
    },
    onParse({ context }) {
      const { audit, params } = context as RequestScope & { params?: { operationName?: unknown } };
      return ({ result }) => {
        if (!audit) return;
        const operation = isDocument(result) ? findOperation(result, params?.operationName as string | undefined) : undefined;
        audit.actions = isDocument(result) && operation ? actionsOf(result, operation) : ['operation.invalid'];
        audit.operationName = operation?.name?.value ?? null;
      };
    },
    onResultProcess({ result, serverContext }) {
      const { audit } = scopeOf(serverContext);
      if (!audit || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      audit.errorCode ??= codeOf(result.errors[0]) ?? 'INTERNAL';
    },
    async onResponse({ response, serverContext }) {
      const scope = scopeOf(serverContext);
      const { audit } = scope;
      if (!audit) return;
      response.headers.set('x-request-id', audit.requestId);
      const write = async () => {
        const errorCode = audit.errorCode ?? codeOfStatus(response.status);
        try {
          await record({
            at: audit.startedAt,
            actor: scope.caller?.actor ?? 'anonymous',
            action: audit.actions.join(','),
            operationName: audit.operationName,
            threadId: audit.threadId,
            target: audit.target,
            outcome: errorCode ? 'ERROR' : 'OK',
            errorCode,
            durationMs: audit.elapsedMs(),
            requestId: audit.requestId,
            clientAddress: audit.clientAddress,
            userAgent: audit.userAgent,
          });
          options.onWritten?.();
        } catch (error) {
          options.onWriteError?.(error);
        }
      };
      // A subscription's row is written when its stream ends, so its duration is how long it was open.
      if (scope.streamEnded) {
        void scope.streamEnded.then(write);
        return;
      }
      await write();
    },
  };
}

function isDocument(value: unknown): value is DocumentNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === Kind.DOCUMENT;
}
