import { getOperationAST, Kind, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import { SESSION_PATH } from '../auth/console-session.js';
import type { RequestScope } from '../context.js';
import { answerMediaType } from './media-type.js';
import type { CachedAnswer, ResponseCache } from './response-cache.js';

/**
 * Root fields whose answers change only with what the generation follows: the mirror, and the store
 * through mutations and sign-ins. Left out: whatever moves on its own (audit rows, log lines, system
 * figures, tokens' and sessions' last use) or is too large to be worth keeping (exports, search).
 */
const CACHEABLE_FIELDS = new Set(['threads', 'thread', 'pinnedThreads', 'me', 'operators', '__typename']);

/** What a request that may be answered from the cache carries from its params to its answer. */
export interface PendingAnswer {
  key: string;
  generation: number;
  mediaType: string;
  hit: CachedAnswer | undefined;
  /** A query of cacheable fields only, executed while the mirrors were live. */
  keepable: boolean;
}

/** Stands in for the result of a hit, which is never executed; only this plugin's processor answers it. */
const FROM_CACHE: ExecutionResult = Object.freeze({ data: null });

/**
 * Answers a query from the cache when nothing changed since the same caller asked the same thing,
 * without parsing, validating or executing it, with the bytes (and ETag) of the first answer; a GET
 * whose If-None-Match names that ETag gets 304 and no body. A hit still leaves its audit row: the
 * action and operation name are restored from the entry.
 */
export function useResponseCache(cache: ResponseCache): Plugin {
  const signInsAndOuts = new WeakSet<Request>();
  return {
    onRequest({ request, url }) {
      if (url.pathname === SESSION_PATH && request.method !== 'GET') signInsAndOuts.add(request);
    },
    onParams({ params, request, context, setResult }) {
      const scope = context as RequestScope;
      const { caller, audit } = scope;
      if (!cache.enabled || !caller || !audit || typeof params.query !== 'string' || hasKeys(params.extensions)) return;
      const mediaType = answerMediaType(request);
      if (!mediaType) return;
      const key = `${caller.operatorId}\n${caller.role}\n${params.operationName ?? ''}\n${JSON.stringify(params.variables ?? null)}\n${params.query}`;
      const generation = cache.generation();
      const hit = cache.lookup(key);
      scope.responseCache = { key, generation, mediaType, hit, keepable: false };
      if (!hit) return;
      audit.actions = [...hit.actions];
      audit.operationName = hit.operationName;
      if (scope.requestTiming) scope.requestTiming.type = 'query';
      setResult(FROM_CACHE);
    },
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      // A mutation may have written anything an answer shows; it counts as a change once it is done.
      if (operation?.operation === 'mutation') return { onExecuteDone: () => cache.changed() };
      const pending = (args.contextValue as RequestScope).responseCache;
      if (!pending || !operation || !isCacheable(operation)) return undefined;
      cache.missed();
      pending.keepable = cache.canKeep();
      return undefined;
    },
    onResultProcess({ request, result, serverContext, setResultProcessor }) {
      const scope = serverContext as RequestScope;
      const pending = scope.responseCache;
      if (!pending) return;
      let answer = result === FROM_CACHE ? pending.hit : undefined;
      if (!answer && pending.keepable && isPlainAnswer(result) && scope.audit) {
        const { actions, operationName } = scope.audit;
        answer = cache.keep(pending.key, pending.generation, (result.stringify ?? JSON.stringify)(result), { actions, operationName });
      }
      if (!answer) return;
      const cached = answer;
      setResultProcessor((_result, fetchAPI) => answerResponse(fetchAPI, request, cached, pending.mediaType), pending.mediaType);
    },
    onResponse({ request }) {
      // Signing in or out changes what `me` and `operators` show (lastSignInAt).
      if (signInsAndOuts.has(request)) cache.changed();
    },
  };
}

function answerResponse(fetchAPI: FetchAPI, request: Request, answer: CachedAnswer, mediaType: string): Response {
  const headers = { etag: answer.etag, 'cache-control': 'private, no-cache' };
  if (request.method === 'GET' && matchesEtag(request.headers.get('if-none-match'), answer.etag)) {
    return new fetchAPI.Response(null, { status: 304, headers });
  }
  return new fetchAPI.Response(answer.body, { status: 200, headers: { ...headers, 'content-type': `${mediaType}; charset=utf-8` } });
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): a `W/` prefix does not stop a match. */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}

function isCacheable(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && CACHEABLE_FIELDS.has(selection.name.value))
  );
}

/** An answer without errors or HTTP instructions (extensions.http sets a status and headers), whole. */
function isPlainAnswer(result: unknown): result is ExecutionResult & { stringify?: (result: ExecutionResult) => string } {
  if (typeof result !== 'object' || result === null || Array.isArray(result) || Symbol.asyncIterator in result) return false;
  const { errors, extensions } = result as ExecutionResult;
  return !errors?.length && !extensions?.http;
}

function hasKeys(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}
